import type { CellStatus, FormatVersion, MissingPart, OrganKind, ReportScope } from '../../reports/report-terms';

/**
 * What a parser makes of one report, before it is tied to a jurisdiction or stored.
 * Values are exactly what the source printed (after normalisation); nothing is invented.
 */
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

export interface ParsedReport {
  formatVersion: FormatVersion | null;
  /** How the format version was decided, e.g. `table-2 headers 本年制发件数…` or `by year (tables absent)`. */
  formatEvidence: string | null;
  title: string | null;
  /** Whether the title stands on a line of its own, as a report's does (not inside a sentence, as a notice about a report has it). */
  titleStandsAlone?: boolean;
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
