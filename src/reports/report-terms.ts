/**
 * The words of a report shared by the parsers, the entities and the services that store and read
 * reports: its format, scope and organ kind, a cell's status and source, the parts it lacks. Nothing
 * here depends on how a report is parsed or stored.
 */
export type FormatVersion = '2019' | '2021' | 'PRE_2019';

/** Every format a report can be in, and the ones the indicator catalog maps (a PRE_2019 report carries no catalog cell). */
export const FORMAT_VERSIONS: readonly FormatVersion[] = ['PRE_2019', '2019', '2021'];
export const CATALOG_FORMATS: readonly FormatVersion[] = ['2019', '2021'];

/** VALUE: a number was printed (0 included). BLANK: the cell exists but is empty or a placeholder. */
export type CellStatus = 'VALUE' | 'BLANK' | 'NOT_APPLICABLE';

export type ReportScope = 'OWN' | 'SUMMARY';
export type OrganKind = 'GOVERNMENT' | 'DEPARTMENT';

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
