import { type ColumnKind, type RowReading, type SplitValue, consensus, readRowTokens } from './digit-run-splitter';
import { TABLE4_CODES, TABLE4_GROUPS, TABLE4_PARTS } from './format-layout';
import { RawCell, RowRecord, segmentRows } from './row-segmenter';
import { ReaderResult, cellObservation, emptyResult, valueObservation } from './reader-result';
import type { MissingPart } from '../../reports/report-terms';
import type { Region } from './table-regions';

/**
 * Table 4 (行政复议、行政诉讼): 15 numbers under a three-level header — 复议, 未经复议直接起诉 and
 * 复议后起诉, each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计. Headers are not matched (in PDF text they
 * break into single characters): the numbers are printed either as one row of 15 in that fixed order,
 * or as three small tables of 5 under their own headings, which are told apart by those headings.
 * Printed values are kept even when 总计 disagrees with its parts (I4 reports it).
 */

const N = TABLE4_CODES.length;
const G = TABLE4_PARTS.length;
const COUNTS: ColumnKind[] = TABLE4_CODES.map(() => 'count');

export function readTable4(region: Region | null): ReaderResult {
  const result = emptyResult();
  if (!region) return result;
  const rows = segmentRows(region.text, region.reachesEnd).filter((r) => r.cells.some((c) => c.reading.kind !== 'text'));
  const printed = pickPrintedRow(rows);
  if (printed) {
    printed.forEach((cell, i) => {
      const obs = cellObservation(TABLE4_CODES[i], cell, 'table4', label(i), column(i));
      if (obs) result.observations.push(obs);
    });
    return result;
  }
  const groups = readGroupTables(rows);
  if (groups) {
    groups.forEach((reading, g) => emitReading(reading, g * G, G, result));
    return result;
  }
  const numbered = rows.filter((r) => r.cells.some((c) => c.reading.kind === 'value'));
  if (numbered.length === 1) {
    emitReading(readRowTokens(tokensOf(numbered[0]), COUNTS), 0, N, result);
    return result;
  }
  // One row of 15 broken over lines (PDF text): accepted only when each line carries several cells
  // (a line of one number may be a page number) and the cells are printed one by one.
  const joined = readRowTokens(
    numbered.flatMap((r, i) => tokensOf(r).map((t, j) => (j === 0 && i > 0 ? { ...t, spaceBefore: true } : t))),
    COUNTS,
  );
  if (numbered.length > 1 && numbered.every((r) => r.cells.length > 1) && joined.how === 'printed') {
    emitReading(joined, 0, N, result);
    return result;
  }
  const count = rows.reduce((a, r) => a + r.cells.length, 0);
  const reason = count === 0 ? 'table 4 absent (no cells in the section)' : `${count} numbers found where 15 are expected: columns unknown`;
  result.missing.push({ part: 'table4', indicators: [...TABLE4_CODES], reason });
  return result;
}

/** The 15 cells printed one by one: a row of 15 (`||` group separators dropped), or 15 one-cell lines. */
function pickPrintedRow(rows: RowRecord[]): RawCell[] | null {
  for (const r of rows) {
    const cells = r.shape === 'pipe' ? r.cells.filter((c) => c.raw !== '') : r.cells;
    if (cells.length === N && (r.shape === 'pipe' || readRowTokens(tokensOf(r), COUNTS).how === 'printed')) return cells;
    if (r.shape === 'pipe' && r.cells.length > N && r.cells.slice(N).every((c) => c.reading.kind !== 'value')) return r.cells.slice(0, N);
  }
  const singles = rows.filter((r) => r.cells.length === 1 && r.shape !== 'pipe');
  if (
    singles.length === N &&
    rows.every((r) => r.cells.length === 1) &&
    singles.every((r) => readRowTokens(tokensOf(r), ['count']).how === 'printed')
  ) {
    return singles.map((r) => r.cells[0]);
  }
  return null;
}

/**
 * Three small tables (行政复议 / 行政诉讼（未经复议直接起诉）/ 行政诉讼（复议后起诉）), each a row of five,
 * assigned by the heading printed before each; without headings, three rows of five in the format's
 * order. Null when the rows are not that shape.
 */
function readGroupTables(rows: RowRecord[]): RowReading[] | null {
  const numbered = rows.filter((r) => r.cells.some((c) => c.reading.kind === 'value'));
  if (numbered.length !== TABLE4_GROUPS.length) return null;
  const readings = numbered.map((r) => (r.shape === 'pipe' ? pipeReading(r) : readRowTokens(tokensOf(r), COUNTS.slice(0, G))));
  if (readings.some((r) => r.how === 'unreadable')) return null;
  const named = numbered.map((r) => groupNamed(`${r.context} ${r.label}`));
  const order = named.every((g) => g !== null) ? (named as number[]) : named.every((g, i) => g === null || g === i) ? [0, 1, 2] : null;
  if (!order || new Set(order).size !== order.length) return null;
  const out: RowReading[] = [];
  order.forEach((g, i) => (out[g] = readings[i]));
  return out;
}

function pipeReading(r: RowRecord): RowReading {
  const cells = r.cells.filter((c) => c.raw !== '');
  if (cells.length !== G || cells.some((c) => c.reading.kind === 'text'))
    return { candidates: [], how: 'unreadable', proven: false, reason: 'not a row of five' };
  return {
    candidates: [cells.map((c) => (c.reading.kind === 'value' ? c.reading.value : null))],
    how: 'printed',
    proven: true,
    reason: null,
  };
}

/** The group a heading names: the last of 复议后起诉, 未经复议/直接起诉, 行政复议 in the text. */
function groupNamed(text: string): number | null {
  const compact = text.replace(/\s+/g, '');
  const hits = [
    { g: 2, at: compact.lastIndexOf('复议后起诉') },
    { g: 1, at: Math.max(compact.lastIndexOf('未经复议'), compact.lastIndexOf('直接起诉')) },
    { g: 0, at: compact.lastIndexOf('行政复议') },
  ].filter((h) => h.at >= 0);
  if (hits.length === 0) return null;
  return hits.reduce((a, b) => (b.at > a.at ? b : a)).g;
}

/**
 * Emits the cells of `width` columns from `offset` that every admissible reading agrees on. I4 (总计 =
 * its four parts, per group) chooses among the splits of a digit run; a run that splits one way only is
 * read as printed even when a 总计 disagrees.
 */
function emitReading(reading: RowReading, offset: number, width: number, result: ReaderResult): void {
  const codes = TABLE4_CODES.slice(offset, offset + width);
  if (reading.how === 'unreadable') {
    result.missing.push({ part: 'table4', indicators: codes, reason: reading.reason ?? 'cells not readable' });
    return;
  }
  const byTotals = reading.candidates.filter(groupTotalsHold);
  const options = byTotals.length > 0 ? byTotals : reading.candidates.length === 1 && reading.proven ? reading.candidates : [];
  if (options.length === 0) {
    result.missing.push({
      part: 'table4',
      indicators: codes,
      reason: `no split of the digit run satisfies the group totals (${reading.candidates.length} splits)`,
    });
    return;
  }
  const agreed = consensus(options);
  agreed.forEach((v, i) => {
    if (v === undefined) return;
    const k = offset + i;
    result.observations.push(
      v === null
        ? { indicator: TABLE4_CODES[k], value: null, status: 'BLANK', table: 'table4', row: label(k), column: column(k) }
        : valueObservation(TABLE4_CODES[k], v, 'table4', label(k), column(k)),
    );
  });
  const unresolved = codes.filter((_, i) => agreed[i] === undefined);
  if (unresolved.length > 0) {
    const part: MissingPart = {
      part: 'table4',
      indicators: unresolved,
      reason: `ambiguous split: ${options.length} candidates`,
      candidates: {
        indicators: codes,
        values: options,
        sources: codes.map((_, i) => ({ table: 'table4', row: label(offset + i), column: column(offset + i) })),
      },
    };
    result.missing.push(part);
  }
}

function groupTotalsHold(values: SplitValue[]): boolean {
  for (let g = 0; g + G <= values.length; g += G) {
    const parts = values.slice(g, g + G - 1).reduce<number>((a, v) => a + (v ?? 0), 0);
    if (parts !== (values[g + G - 1] ?? 0)) return false;
  }
  return true;
}

function tokensOf(r: RowRecord) {
  return r.cells.map((c) => ({ raw: c.raw, spaceBefore: c.spaceBefore ?? true }));
}

function label(i: number): string {
  return TABLE4_GROUPS[Math.floor(i / G)].label;
}

function column(i: number): string {
  return TABLE4_PARTS[i % G].label;
}
