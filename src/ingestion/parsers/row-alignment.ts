import { bestKeyScore } from './label-matcher';
import type { RowRecord } from './row-segmenter';

/**
 * Monotone alignment of printed rows to the standard row order of a table. Labels decide where they
 * can; a row whose label was not printed (PDF-to-markdown tables) may take the standard row right after
 * the previous aligned row — such positional placements are flagged so the caller can verify them
 * against the accounting identities.
 */

export const LABEL_THRESHOLD = 0.55;
const POSITIONAL_SCORE = 0.3;

export interface AlignedRow {
  record: RowRecord;
  specIndex: number;
  positional: boolean;
}

export function rowScore(record: RowRecord, keys: string[]): number {
  const own = record.label ? bestKeyScore(record.label, keys) : 0;
  const joined = `${record.context} ${record.label}`.trim();
  const withContext = joined && joined !== record.label ? 0.9 * bestKeyScore(joined, keys) : 0;
  return Math.max(own, withContext);
}

export function alignRows(records: RowRecord[], specKeys: string[][]): AlignedRow[] {
  const n = records.length;
  const m = specKeys.length;
  const score = records.map((r) => specKeys.map((k) => rowScore(r, k)));
  const NONE = -Infinity;
  const dp: number[][] = Array.from({ length: n }, () => new Array<number>(m).fill(NONE));
  const parent: ([number, number] | null)[][] = Array.from({ length: n }, () => new Array<[number, number] | null>(m).fill(null));
  const positional: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(m).fill(false));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const s = score[i][j];
      if (s >= LABEL_THRESHOLD) {
        let best = 0;
        let from: [number, number] | null = null;
        for (let a = 0; a < i; a++) {
          for (let b = 0; b < j; b++) {
            if (dp[a][b] > best) {
              best = dp[a][b];
              from = [a, b];
            }
          }
        }
        dp[i][j] = s + best;
        parent[i][j] = from;
      } else if (i > 0 && j > 0 && dp[i - 1][j - 1] > NONE && isWeak(score[i])) {
        dp[i][j] = dp[i - 1][j - 1] + POSITIONAL_SCORE;
        parent[i][j] = [i - 1, j - 1];
        positional[i][j] = true;
      }
    }
  }
  let best = 0;
  let end: [number, number] | null = null;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (dp[i][j] > best) {
        best = dp[i][j];
        end = [i, j];
      }
    }
  }
  const out: AlignedRow[] = [];
  while (end) {
    const [i, j] = end;
    out.push({ record: records[i], specIndex: j, positional: positional[i][j] });
    end = parent[i][j];
  }
  return out.reverse();
}

/** A row with no usable label for any standard row (it may still be placed by position). */
function isWeak(scores: number[]): boolean {
  return scores.every((s) => s < LABEL_THRESHOLD);
}
