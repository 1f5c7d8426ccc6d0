import type { MissingPart } from '../../reports/report-terms';
import type { ParsedCell } from './parsed-report';
import type { RawCell } from './row-segmenter';

/** What each table/prose reader hands back to the report parser. */
export interface ReaderResult {
  observations: ParsedCell[];
  missing: MissingPart[];
  warnings: string[];
}

export function emptyResult(): ReaderResult {
  return { observations: [], missing: [], warnings: [] };
}

/** A cell as printed: a value (0 included) or a blank/placeholder. `text` cells are not observations. */
export function cellObservation(indicator: string, cell: RawCell, table: string, row: string, column: string | null): ParsedCell | null {
  if (cell.reading.kind === 'value') return { indicator, value: cell.reading.value, status: 'VALUE', table, row, column };
  if (cell.reading.kind === 'blank') return { indicator, value: null, status: 'BLANK', table, row, column };
  return null;
}

export function valueObservation(indicator: string, value: number, table: string, row: string, column: string | null): ParsedCell {
  return { indicator, value, status: 'VALUE', table, row, column };
}

/** Row label for output: the printed one when it is clean enough, else the canonical label. */
export function displayLabel(printed: string, canonical: string): string {
  const clean = printed
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])/g, '')
    .trim();
  if (!clean || clean.length > canonical.length * 1.5 + 6) return canonical;
  return clean;
}
