import { consensus, splitGroupsWithTotals } from './digit-run-splitter';
import { TABLE4_CODES, TABLE4_GROUPS, TABLE4_PARTS } from './format-layout';
import { RawCell, RowRecord, jammedDigits, segmentRows } from './row-segmenter';
import { ReaderResult, cellObservation, emptyResult, valueObservation } from './reader-result';
import type { Region } from './table-regions';

/**
 * Table 4 (行政复议、行政诉讼): one data row of 15 numbers under a three-level header. Headers are not
 * matched (in PDF text they break into single characters); the 15 numbers are taken in the fixed order
 * 复议 5 + 直接起诉 5 + 复议后起诉 5. Printed values are kept even when 总计 disagrees with its parts.
 */

const N = TABLE4_CODES.length;

export function readTable4(region: Region | null): ReaderResult {
  const result = emptyResult();
  if (!region) return result;
  const rows = segmentRows(region.text, region.reachesEnd).filter((r) => r.cells.some((c) => c.reading.kind !== 'text'));
  const cells = pickDataRow(rows);
  if (cells) {
    cells.forEach((cell, i) => {
      const obs = cellObservation(TABLE4_CODES[i], cell, 'table4', label(i), column(i));
      if (obs) result.observations.push(obs);
    });
    return result;
  }
  const jammed = rows.find((r) => r.jammed || (r.shape === 'single' && /^\d{15,}$/.test(jammedDigits(r))));
  if (jammed) {
    const split = splitGroupsWithTotals(jammedDigits(jammed), TABLE4_GROUPS.length, TABLE4_PARTS.length);
    const agreed = split.overflow ? [] : consensus(split.candidates);
    agreed.forEach((v, i) => {
      if (v !== null) result.observations.push(valueObservation(TABLE4_CODES[i], v, 'table4', label(i), column(i)));
    });
    const unresolved = TABLE4_CODES.filter((_, i) => agreed[i] === null || agreed[i] === undefined);
    if (unresolved.length) {
      const reason = split.candidates.length === 0 ? 'no split of the digit run satisfies the group totals' : `ambiguous split: ${split.candidates.length} candidates`;
      result.missing.push({ part: 'table4', indicators: unresolved, reason });
    }
    return result;
  }
  const count = rows.reduce((a, r) => a + r.cells.length, 0);
  const reason = count === 0 ? 'table 4 absent (no cells in the section)' : `${count} numbers found where 15 are expected: columns unknown`;
  result.missing.push({ part: 'table4', indicators: [...TABLE4_CODES], reason });
  return result;
}

/** The 15 cells: one row of 15 (`||` group separators dropped), or 15 one-cell lines in a row. */
function pickDataRow(rows: RowRecord[]): RawCell[] | null {
  for (const r of rows) {
    if (r.jammed) continue;
    if (r.cells.length === N) return r.cells;
    if (r.cells.length > N) {
      const withoutSeparators = r.cells.filter((c) => c.raw !== '');
      if (withoutSeparators.length === N) return withoutSeparators;
      const extra = r.cells.slice(N);
      if (r.shape === 'pipe' && extra.every((c) => c.reading.kind !== 'value')) return r.cells.slice(0, N);
    }
  }
  const singles = rows.filter((r) => r.cells.length === 1 && !r.jammed);
  if (singles.length === N && rows.every((r) => r.cells.length === 1)) return singles.map((r) => r.cells[0]);
  return null;
}

function label(i: number): string {
  return TABLE4_GROUPS[Math.floor(i / TABLE4_PARTS.length)].label;
}

function column(i: number): string {
  return TABLE4_PARTS[i % TABLE4_PARTS.length].label;
}
