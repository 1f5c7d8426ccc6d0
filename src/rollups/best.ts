import type { MissingPart } from '../reports/report-terms';
import { sumValues, type CellValue } from './cell-value';

/**
 * Best-available totals (measure BEST), pure: which reports answer for a jurisdiction's subtree in a
 * year, and what they add up to. At every node the jurisdiction's SUMMARY report answers for its whole
 * subtree where it exists; otherwise the node's organs' OWN reports are added to the best-available
 * totals of its children, recursively. A summary and the reports it summarises are never added together.
 * The SQL that materialises BEST for provinces and prefectures (rollup.materialiser.ts, `rollup_best`) follows
 * the same rule, and tests hold the two against an independent computation.
 */

/** A current report (latest revision), as the roll-up rules see it. */
export interface ReportFact {
  id: number;
  jurisdictionCode: string;
  year: number;
  organId: number;
  /** The organ's name as the report prints it. */
  organ: string;
  organKind: string;
  scope: string;
  formatVersion: string | null;
  sourceUrl: string | null;
  missingParts: MissingPart[] | null;
}

/** The hierarchy as the rules walk it: children in code order. */
export interface Tree {
  children(code: string): readonly { code: string }[];
}

/** A jurisdiction's current reports of one year (its own organs', not those below). */
export type ReportsOf = (jurisdictionCode: string) => readonly ReportFact[];

/** The latest of several current reports (two organs filing a summary for one place: the last imported answers). */
function latest(reports: readonly ReportFact[]): ReportFact | null {
  let found: ReportFact | null = null;
  for (const r of reports) if (!found || r.id > found.id) found = r;
  return found;
}

/** The report `measure: OWN` (the government's latest OWN report) or `REPORTED` (the latest SUMMARY) answers from. */
export function answeringReport(reports: readonly ReportFact[], measure: 'OWN' | 'REPORTED'): ReportFact | null {
  return latest(reports.filter((r) => (measure === 'OWN' ? r.scope === 'OWN' && r.organKind === 'GOVERNMENT' : r.scope === 'SUMMARY')));
}

/** What a BEST value of one subtree and year is made of. */
export interface BestComposition {
  /** The SUMMARY reports used, one per topmost jurisdiction that has one (each answers for its whole subtree). */
  summaries: ReportFact[];
  /** Jurisdictions not under a summary used: their organs' OWN reports are added. */
  ownJurisdictions: string[];
  /** Those OWN reports. */
  own: ReportFact[];
}

export function bestComposition(root: string, tree: Tree, reportsOf: ReportsOf): BestComposition {
  const composition: BestComposition = { summaries: [], ownJurisdictions: [], own: [] };
  const walk = (code: string) => {
    const reports = reportsOf(code);
    const summary = answeringReport(reports, 'REPORTED');
    if (summary) {
      composition.summaries.push(summary);
      return;
    }
    composition.ownJurisdictions.push(code);
    for (const r of reports) if (r.scope === 'OWN') composition.own.push(r);
    for (const child of tree.children(code)) walk(child.code);
  };
  walk(root);
  return composition;
}

/** Every OWN report of the subtree: what `measure: ROLLUP` adds up. */
export function rollupReports(root: string, tree: Tree, reportsOf: ReportsOf): ReportFact[] {
  const reports: ReportFact[] = [];
  const walk = (code: string) => {
    for (const r of reportsOf(code)) if (r.scope === 'OWN') reports.push(r);
    for (const child of tree.children(code)) walk(child.code);
  };
  walk(root);
  return reports;
}

/** A report's value of a base code (MISSING when it does not print it). */
export type ReportValue = (report: ReportFact, code: string) => CellValue;

/**
 * The sum of the reports' values of a base code as the materialised roll-ups make it: numbers add, a
 * blank beside numbers adds nothing, only blanks stay BLANK, no report printing it is MISSING.
 */
export function sumOfReports(reports: readonly ReportFact[], code: string, valueOf: ReportValue): CellValue {
  return sumValues(reports.map((r) => valueOf(r, code)));
}

/** The reports a measure's value of one jurisdiction (or subtree) and year is made of. */
export function reportsBehind(
  measure: 'OWN' | 'REPORTED' | 'ROLLUP' | 'BEST',
  root: string,
  tree: Tree,
  reportsOf: ReportsOf,
): ReportFact[] {
  switch (measure) {
    case 'OWN':
    case 'REPORTED': {
      const report = answeringReport(reportsOf(root), measure);
      return report ? [report] : [];
    }
    case 'ROLLUP':
      return rollupReports(root, tree, reportsOf);
    case 'BEST': {
      const { summaries, own } = bestComposition(root, tree, reportsOf);
      return [...summaries, ...own];
    }
  }
}
