/**
 * Splitting digit runs of flattened tables (`270020130` → 27|0|0|2|0|1|30) into cells.
 * Every part is a non-negative integer written without leading zeros (a lone `0` is fine).
 * Enumeration is bounded: a run that yields more than `MAX_CANDIDATES` admissible splits, or whose
 * search takes more than `MAX_STEPS` steps (long runs: the tree grows combinatorially with the
 * length), is reported as such and the caller treats it as not recoverable.
 */

export const MAX_CANDIDATES = 5000;
export const MAX_STEPS = 50_000;

export interface SplitResult {
  candidates: number[][];
  /** True when enumeration stopped at MAX_CANDIDATES. */
  overflow: boolean;
}

function validPart(s: string): boolean {
  return s.length > 0 && (s.length === 1 || s[0] !== '0') && s.length <= 12;
}

/**
 * Splits into `parts - 1` addends followed by their sum, the sum written exactly once at the end
 * (table-3 rows: six applicant columns then 总计).
 */
export function splitWithTotal(digits: string, parts: number): SplitResult {
  const candidates: number[][] = [];
  let overflow = false;
  const addends = parts - 1;
  let steps = 0;
  const walk = (pos: number, acc: number[], sum: number) => {
    if (overflow || (overflow = ++steps > MAX_STEPS)) return;
    if (acc.length === addends) {
      const rest = digits.slice(pos);
      if (rest === String(sum)) candidates.push([...acc, sum]);
      return;
    }
    const remainingAddends = addends - acc.length;
    for (let len = 1; pos + len <= digits.length; len++) {
      const piece = digits.slice(pos, pos + len);
      if (!validPart(piece)) break;
      const v = Number(piece);
      const newSum = sum + v;
      // The remaining text must still hold (remainingAddends - 1) one-digit parts and the sum.
      if (digits.length - (pos + len) < remainingAddends - 1 + String(newSum).length) break;
      acc.push(v);
      walk(pos + len, acc, newSum);
      acc.pop();
      if (candidates.length >= MAX_CANDIDATES) {
        overflow = true;
        return;
      }
    }
  };
  walk(0, [], 0);
  return { candidates, overflow };
}

/**
 * Splits into consecutive groups, each `groupSize - 1` addends then their sum (table 4: three groups of
 * 结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
 */
export function splitGroupsWithTotals(digits: string, groups: number, groupSize: number): SplitResult {
  const candidates: number[][] = [];
  let overflow = false;
  let steps = 0;
  const walk = (pos: number, acc: number[], inGroup: number, sum: number) => {
    if (overflow || (overflow = ++steps > MAX_STEPS)) return;
    if (acc.length === groups * groupSize) {
      if (pos === digits.length) candidates.push([...acc]);
      return;
    }
    if (inGroup === groupSize - 1) {
      const total = String(sum);
      if (digits.startsWith(total, pos)) {
        acc.push(sum);
        walk(pos + total.length, acc, 0, 0);
        acc.pop();
      }
      return;
    }
    for (let len = 1; pos + len <= digits.length; len++) {
      const piece = digits.slice(pos, pos + len);
      if (!validPart(piece)) break;
      acc.push(Number(piece));
      walk(pos + len, acc, inGroup + 1, sum + Number(piece));
      acc.pop();
      if (candidates.length >= MAX_CANDIDATES) {
        overflow = true;
        return;
      }
    }
  };
  walk(0, [], 0, 0);
  return { candidates, overflow };
}

/**
 * Splits into `parts` free values (table-2 rows, no identity inside the row). A part flagged in
 * `decimalAllowed` may carry one decimal point (money columns); a trailing `元` is ignored.
 */
export function splitFree(token: string, parts: number, decimalAllowed: boolean[]): SplitResult {
  const text = token.replace(/万?元$/, '');
  const candidates: number[][] = [];
  let overflow = false;
  let steps = 0;
  const walk = (pos: number, acc: number[]) => {
    if (overflow || (overflow = ++steps > MAX_STEPS)) return;
    const k = acc.length;
    if (k === parts - 1) {
      const rest = text.slice(pos);
      if (partValue(rest, decimalAllowed[k]) !== null) candidates.push([...acc, partValue(rest, decimalAllowed[k]) as number]);
      return;
    }
    for (let len = 1; pos + len < text.length; len++) {
      const v = partValue(text.slice(pos, pos + len), decimalAllowed[k]);
      if (v === null) continue;
      acc.push(v);
      walk(pos + len, acc);
      acc.pop();
      if (candidates.length >= MAX_CANDIDATES) {
        overflow = true;
        return;
      }
    }
  };
  walk(0, []);
  return { candidates, overflow };
}

function partValue(s: string, decimal: boolean): number | null {
  const m = decimal ? /^(0|[1-9]\d{0,11})(\.\d+)?$/.exec(s) : /^(0|[1-9]\d{0,11})$/.exec(s);
  return m ? Number(s) : null;
}

/** Values agreed on by every candidate (null where they differ). */
export function consensus(candidates: number[][]): (number | null)[] {
  if (candidates.length === 0) return [];
  return candidates[0].map((v, i) => (candidates.every((c) => c[i] === v) ? v : null));
}
