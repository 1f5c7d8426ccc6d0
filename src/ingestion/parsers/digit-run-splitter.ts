/**
 * Splitting the cells of flattened table rows into columns. A row prints its cells as tokens
 * (`270020130`, `88-720`, `2笔 984361元`, `160 02 0 018`): a token holds one cell or the digits of
 * several neighbouring cells run together. Spaces, signs and units are kept as boundaries: a space
 * separates cells, a sign (`-`, `+`, `减`, `增`) starts the cell of a signed change column, a unit
 * (`元`, `万元`, `个`, `笔` …) ends a cell. Within a token every part is a number written without
 * leading zeros (a lone `0` is fine) and a decimal point belongs to a money column.
 *
 * Enumeration gives every admissible split; which one is right is decided by evidence elsewhere (the
 * table's identities, narrative figures, neighbouring years), never by plausibility. Enumeration is
 * bounded: a row with more than `MAX_CANDIDATES` admissible splits, or whose search takes more than
 * `MAX_STEPS` steps, is reported as overflowing and the caller treats it as not recoverable.
 */

export const MAX_CANDIDATES = 5000;
export const MAX_STEPS = 200_000;

/** count: a non-negative integer; change: a signed integer (本年增/减); money: a decimal amount. */
export type ColumnKind = 'count' | 'change' | 'money';

/** A candidate cell: a number, or null for a printed placeholder (blank cell). */
export type SplitValue = number | null;

export interface SplitResult {
  candidates: SplitValue[][];
  /** True when enumeration stopped at MAX_CANDIDATES or MAX_STEPS. */
  overflow: boolean;
}

/** A token as printed, taken apart. `blank` tokens (placeholders) are exactly one cell. */
export interface Piece {
  raw: string;
  blank: boolean;
  /** For a blank: how many cells the placeholder run may stand for (`——` run into a row: one or two). */
  blankCells?: number;
  /** A `-` run into the digits before it (`10-12`): a minus sign, or a `-` placeholder cell then digits. */
  dashMayBeBlank?: boolean;
  sign: 1 | -1 | null;
  digits: string;
  /** Digits after a decimal point, or null. */
  fraction: string | null;
  unit: 'money' | 'count' | null;
}

const SIGNED = /^(增加?|减少?|[+-])?(\d+)(?:\.(\d+))?(万元|元|个|笔|项|件|条|家)?$/;
const PLACEHOLDER = /^(?:[/／\\\-－—–_＿~～]+|无|空)$/;

/** Reads one printed token; null when it is not a number, a run of digits or a placeholder. */
export function parsePiece(raw: string): Piece | null {
  const text = raw.replace(/[\s,]/g, '').replace(/\(.*\)$/, '');
  if (PLACEHOLDER.test(text)) return { raw, blank: true, sign: null, digits: '', fraction: null, unit: null };
  const m = SIGNED.exec(text);
  if (!m) return null;
  const sign = m[1] ? (m[1].startsWith('减') || m[1] === '-' ? -1 : 1) : null;
  const unit = m[4] ? (/元/.test(m[4]) ? 'money' : 'count') : null;
  return { raw, blank: false, sign, digits: m[2], fraction: m[3] ?? null, unit };
}

function validInteger(s: string): boolean {
  return s.length > 0 && s.length <= 12 && (s.length === 1 || s[0] !== '0');
}

/**
 * Every way to read `pieces` as exactly `kinds.length` cells, in order. A piece may hold several
 * cells; its sign goes to its first cell (which must be a change column), its unit and decimal
 * fraction to its last (a money unit or fraction needs a money column, a count unit a count column).
 */
export function splitRun(pieces: Piece[], kinds: ColumnKind[], splittable: (piece: number) => boolean = () => true): SplitResult {
  const candidates: SplitValue[][] = [];
  let overflow = false;
  let steps = 0;
  const n = kinds.length;
  const acc: SplitValue[] = [];
  // Each remaining piece needs at least one column.
  const walkPiece = (p: number) => {
    if (overflow) return;
    if (++steps > MAX_STEPS) {
      overflow = true;
      return;
    }
    if (p === pieces.length) {
      if (acc.length === n) {
        candidates.push([...acc]);
        if (candidates.length >= MAX_CANDIDATES) overflow = true;
      }
      return;
    }
    if (n - acc.length < pieces.length - p) return;
    const piece = pieces[p];
    if (piece.blank) {
      for (let k = 1; k <= (piece.blankCells ?? 1) && acc.length + k <= n; k++) {
        for (let j = 0; j < k; j++) acc.push(null);
        walkPiece(p + 1);
        acc.length -= k;
      }
      return;
    }
    walkParts(p, piece, 0, true);
    if (piece.dashMayBeBlank && acc.length < n) {
      acc.push(null);
      walkParts(p, { ...piece, sign: null, dashMayBeBlank: false }, 0, true);
      acc.pop();
    }
  };
  // Splits the digits of `piece` from `pos`, one column at a time.
  const walkParts = (p: number, piece: Piece, pos: number, first: boolean) => {
    if (overflow) return;
    if (++steps > MAX_STEPS) {
      overflow = true;
      return;
    }
    const col = acc.length;
    if (col >= n) return;
    const kind = kinds[col];
    if (first && piece.sign !== null && kind !== 'change') return;
    const digits = piece.digits;
    // The last part of the piece: everything left, with the fraction and the unit.
    const rest = digits.slice(pos);
    if (validInteger(rest) && (piece.fraction === null || kind === 'money') && unitFits(piece.unit, kind)) {
      const text = piece.fraction === null ? rest : `${rest}.${piece.fraction}`;
      acc.push((first && piece.sign === -1 ? -1 : 1) * Number(text));
      walkPiece(p + 1);
      acc.pop();
    }
    // Or a part that ends inside the digits, leaving more parts of this piece for the next columns.
    for (let len = 1; pos + len < digits.length && splittable(p); len++) {
      const part = digits.slice(pos, pos + len);
      if (!validInteger(part)) break;
      acc.push((first && piece.sign === -1 ? -1 : 1) * Number(part));
      walkParts(p, piece, pos + len, false);
      acc.pop();
      if (overflow) return;
    }
  };
  walkPiece(0);
  return { candidates: dedupe(candidates), overflow };
}

function unitFits(unit: Piece['unit'], kind: ColumnKind): boolean {
  if (unit === 'money') return kind === 'money';
  if (unit === 'count') return kind === 'count';
  return true;
}

function dedupe(rows: SplitValue[][]): SplitValue[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A value agreed on by every candidate; `undefined` where they differ (or there is none). */
export type Agreed = SplitValue | undefined;

/** Values agreed on by every candidate. */
export function consensus(candidates: SplitValue[][]): Agreed[] {
  if (candidates.length === 0) return [];
  return candidates[0].map((v, i) => (candidates.every((c) => c[i] === v) ? v : undefined));
}

/**
 * Keeps the candidates a piece of evidence accepts — unless it accepts none: evidence that contradicts
 * every reading says more about the source (a publisher's error) than about the split.
 */
export function narrow<T>(candidates: T[], accept: (c: T) => boolean): { kept: T[]; applied: boolean } {
  const kept = candidates.filter(accept);
  return kept.length > 0 ? { kept, applied: kept.length < candidates.length } : { kept: candidates, applied: false };
}

/** A printed token of a row and whether white space separated it from the token (or, for the first, the label) before. */
export interface RowToken {
  raw: string;
  spaceBefore: boolean;
}

export interface RowReading {
  /** Every admissible reading of the row as the table's columns (one when printed cell by cell). */
  candidates: SplitValue[][];
  /** `printed`: one token per column; `split`: tokens held run-together cells; `unreadable`: see reason. */
  how: 'printed' | 'split' | 'unreadable';
  /**
   * For `split`: false when nothing in the row proved that its digits ran together (only white space
   * between valid numbers, split because the caller allowed it): such readings need an identity to confirm them.
   */
  proven: boolean;
  reason: string | null;
}

/**
 * The readings of one flattened (not ` | `-separated) row. Tokens separated by white space are split
 * further only when the row proves that its digits ran together — a single token for several columns,
 * tokens touching without a space (`88-720`, `1个246900元`), or a token that cannot be one cell (`00`,
 * `012`). Otherwise fewer tokens than columns mean empty cells were dropped: which columns they held is
 * unknown, so the row is unreadable rather than split by guess.
 */
export function readRowTokens(tokens: RowToken[], kinds: ColumnKind[], options: { splitSpaced?: boolean } = {}): RowReading {
  const pieces = tokens.map((t) => parsePiece(t.raw));
  if (pieces.some((p) => p === null)) return unreadable('a cell holds text');
  const ps = (pieces as Piece[]).map((p, i) => {
    const runInto = i > 0 && !tokens[i].spaceBefore;
    if (p.blank) return { ...p, blankCells: Math.max(1, p.raw.trim().length) };
    return runInto && /^[-]/.test(tokens[i].raw.trim()) ? { ...p, dashMayBeBlank: true } : p;
  });
  const n = kinds.length;
  if (ps.length === n && ps.every((p, i) => p.blank || singleCell(p, kinds[i]))) {
    return { candidates: [ps.map((p) => (p.blank ? null : valueOf(p)))], how: 'printed', proven: true, reason: null };
  }
  if (ps.length > n) return unreadable(`${ps.length} cells printed for ${n} columns`);
  // One token run into its label (`规范性文件1077`) is a run; one set apart by white space (PDF text,
  // `行政事业性收费        35`) may as well be one cell with the others left empty.
  const proven =
    (ps.length === 1 && !tokens[0].spaceBefore) ||
    tokens.some((t, i) => i > 0 && !t.spaceBefore) ||
    ps.some((p) => !p.blank && !validInteger(p.digits));
  if (!proven && !options.splitSpaced) return unreadable(`${ps.length} of ${n} cells printed; columns unknown`);
  // Without proof, the space is taken for a stray one inside a run (`500000 5`): one token holds the
  // run, every other token is one cell; more would be reading a row with dropped cells as a run.
  const split = proven ? splitRun(ps, kinds) : mergeSplits(ps.map((_, only) => splitRun(ps, kinds, (p) => p === only)));
  if (split.overflow) return unreadable(TOO_LONG);
  if (split.candidates.length === 0)
    return unreadable(proven ? 'no split of the digit run fits the columns' : `${ps.length} of ${n} cells printed; columns unknown`);
  return { candidates: split.candidates, how: 'split', proven, reason: null };
}

export const TOO_LONG = 'digit run too long to split reliably';

function mergeSplits(results: SplitResult[]): SplitResult {
  return { candidates: dedupe(results.flatMap((r) => r.candidates)), overflow: results.some((r) => r.overflow) };
}

function unreadable(reason: string): RowReading {
  return { candidates: [], how: 'unreadable', proven: false, reason };
}

function singleCell(p: Piece, kind: ColumnKind): boolean {
  return (
    validInteger(p.digits) && (p.sign === null || kind === 'change') && (p.fraction === null || kind === 'money') && unitFits(p.unit, kind)
  );
}

function valueOf(p: Piece): number {
  return (p.sign === -1 ? -1 : 1) * Number(p.fraction === null ? p.digits : `${p.digits}.${p.fraction}`);
}
