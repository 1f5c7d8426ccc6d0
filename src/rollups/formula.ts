import { BLANK, MISSING, valueOf, type CellValue } from './cell-value';

/**
 * Formulas of derived indicators, as written in the catalog: codes, numbers, + - * / and parentheses,
 * e.g. "(outcome.disclosed.total + outcome.partially_disclosed.total) / outcome.total.total".
 * Parsed once into a tree; evaluated on already aggregated parts (ratio of sums, never sum of ratios).
 */
export type Formula =
  | { kind: 'code'; code: string }
  | { kind: 'number'; value: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Formula; right: Formula };

const TOKEN = /\s*(?:([a-z_][a-z0-9_.]*)|(\d+(?:\.\d+)?)|([-+*/()]))/y;

export function parseFormula(text: string): Formula {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Error(`formula "${text}": unexpected text at ${at}`);
    }
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const expression = (): Formula => {
    let left = term();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[pos++] as '+' | '-';
      left = { kind: 'binary', op, left, right: term() };
    }
    return left;
  };
  const term = (): Formula => {
    let left = factor();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[pos++] as '*' | '/';
      left = { kind: 'binary', op, left, right: factor() };
    }
    return left;
  };
  const factor = (): Formula => {
    const token = tokens[pos++];
    if (token === undefined) throw new Error(`formula "${text}": ends too early`);
    if (token === '(') {
      const inner = expression();
      if (tokens[pos++] !== ')') throw new Error(`formula "${text}": missing ")"`);
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[a-z_]/.test(token)) return { kind: 'code', code: token };
    throw new Error(`formula "${text}": unexpected "${token}"`);
  };
  const tree = expression();
  if (pos !== tokens.length) throw new Error(`formula "${text}": unexpected "${tokens[pos]}"`);
  return tree;
}

/** The codes a formula reads. */
export function formulaCodes(formula: Formula, into = new Set<string>()): Set<string> {
  if (formula.kind === 'code') into.add(formula.code);
  if (formula.kind === 'binary') {
    formulaCodes(formula.left, into);
    formulaCodes(formula.right, into);
  }
  return into;
}

/**
 * Evaluates on aggregated parts. Sums treat a blank beside numbers as nothing (as the printed tables
 * do); a product or ratio needs numbers on both sides; a zero denominator gives null with the reason.
 */
export function evaluateFormula(formula: Formula, lookup: (code: string) => CellValue): CellValue {
  switch (formula.kind) {
    case 'number':
      return valueOf(formula.value);
    case 'code':
      return lookup(formula.code);
    case 'binary': {
      const left = evaluateFormula(formula.left, lookup);
      const right = evaluateFormula(formula.right, lookup);
      if (left.status === 'MISSING' && right.status === 'MISSING') return { ...MISSING, reason: left.reason ?? right.reason };
      if (left.status === 'MISSING' || right.status === 'MISSING') {
        return { ...MISSING, reason: left.reason ?? right.reason ?? 'a part of the formula has no report' };
      }
      if (formula.op === '+' || formula.op === '-') {
        if (left.status !== 'VALUE' && right.status !== 'VALUE') return { ...BLANK, reason: left.reason ?? right.reason };
        const a = left.value ?? 0;
        const b = right.value ?? 0;
        return valueOf(formula.op === '+' ? a + b : a - b);
      }
      if (left.status !== 'VALUE' || right.status !== 'VALUE') {
        return { ...BLANK, reason: left.reason ?? right.reason ?? 'a part of the formula is blank' };
      }
      if (formula.op === '*') return valueOf((left.value as number) * (right.value as number));
      if (right.value === 0) return { value: null, status: 'NOT_APPLICABLE', reason: 'zero denominator' };
      return valueOf((left.value as number) / (right.value as number));
    }
  }
}
