/**
 * What a parser makes of one report, before it is tied to a jurisdiction or stored.
 * Values are exactly what the source printed (after normalisation); nothing is invented.
 */
export type FormatVersion = '2019' | '2021' | 'PRE_2019';

/** VALUE: a number was printed (0 included). BLANK: the cell exists but is empty or a placeholder. */
export type CellStatus = 'VALUE' | 'BLANK' | 'NOT_APPLICABLE';

export type ReportScope = 'OWN' | 'SUMMARY';
export type OrganKind = 'GOVERNMENT' | 'DEPARTMENT';

export interface ParsedCell {
  /** Catalog code, e.g. `applications.new.total`. */
  indicator: string;
  value: number | null;
  status: CellStatus;
  /** Where it came from: `table2` | `table3` | `table4` | `section6` | `narrative`. */
  table: string;
  /** Row label as printed (normalised), e.g. `（一）予以公开`. */
  row: string;
  /** Column label as printed, or null for single-column rows and prose. */
  column: string | null;
}

/** Where a cell sits in the report: table, row and column labels as an observation carries them. */
export interface CellSource {
  table: string;
  row: string;
  column: string | null;
}

/** A part of the report that should be there and is not, or could not be read without guessing. */
export interface MissingPart {
  /** `table2` | `table3` | `table4` | `section6` or a row within one, e.g. `table3:（三）7.属于行政执法案卷`. */
  part: string;
  /** The catalog codes left without an observation because of this. */
  indicators: string[];
  reason: string;
  /**
   * For a row whose digits split several admissible ways: the whole row's codes and every reading still
   * possible (null = blank), so that evidence found later (a neighbouring year) can settle it.
   */
  candidates?: { indicators: string[]; values: (number | null)[][]; sources?: CellSource[] };
}

export interface ParsedReport {
  formatVersion: FormatVersion | null;
  /** How the format version was decided, e.g. `table-2 headers 本年制发件数…` or `by year (tables absent)`. */
  formatEvidence: string | null;
  title: string | null;
  /** Reporting organ as named in the report, e.g. `深圳市罗湖区人民政府`. */
  organ: string | null;
  year: number | null;
  organKind: OrganKind | null;
  scope: ReportScope | null;
  /** The sentence that decided the scope (e.g. `2022年全区共主动公开政府信息14571条`); null when the text says nothing about it (OWN by default). */
  scopeEvidence: string | null;
  observations: ParsedCell[];
  missing: MissingPart[];
  warnings: string[];
}
