import type { HierarchyRow } from '../jurisdictions/hierarchy';
import { formatVersionOfYear } from './aggregation';
import { answeringReport, reportsBehind, type ReportFact, type ReportsOf, type Tree } from './best';
import { declaredMissing } from './cell-quality';
import type { Measure } from './rollup.reader';

/**
 * Why a cell has no number, in words, pure: the facts come from CellDetails. Each says what is missing
 * and, where the jurisdiction has another kind of report, which measure would use it.
 */

/** A year on which no report at all is stored. */
export function yearWithoutReports(year: number, reportYears: readonly number[]): string {
  const span = reportYears.length > 0 ? ` (the reports stored are on ${spanOf(reportYears)})` : ' (none is stored)';
  return `no report in the database is on ${year}${span}`;
}

/** Every report behind the cell was left out by the request's `exclude`. */
export function leftOutReason(count: number, exclude: readonly string[]): string {
  return `the ${count === 1 ? 'report' : `${count} reports`} behind it ${count === 1 ? 'is' : 'are'} left out by \`exclude\` (${exclude.join(', ')})`;
}

/** No report is behind the cell: what the jurisdiction (or organ) has instead, if anything. */
export function noReportReason(
  cell: { jurisdiction: HierarchyRow; organ: { name: string } | null; measure: Measure },
  year: number,
  reportsOf: ReportsOf,
  organReport: ReportFact | undefined,
  tree: Tree,
): string {
  if (cell.organ)
    return organReport ? `${cell.organ.name}'s report on ${year} is a SUMMARY, not its own` : `${cell.organ.name} has no report on ${year}`;
  const j = cell.jurisdiction;
  const own = reportsOf(j.code);
  const departments = own.filter((r) => r.scope === 'OWN' && r.organKind !== 'GOVERNMENT').length;
  const summary = answeringReport(own, 'REPORTED') !== null;
  switch (cell.measure) {
    case 'OWN':
      return (
        `${j.name} has no OWN report of its government on ${year}` +
        (departments > 0 ? `; ${departments} of its departments reported (measure ROLLUP adds them)` : '') +
        (summary ? '; its SUMMARY report answers measures REPORTED and BEST' : '')
      );
    case 'REPORTED':
      return (
        `${j.name} published no SUMMARY report on ${year}` +
        (own.some((r) => r.scope === 'OWN') ? "; measures ROLLUP and BEST add its organs' OWN reports" : '')
      );
    case 'ROLLUP':
      // With no OWN report below, whatever BEST finds is a summary.
      return (
        `no OWN report in ${j.name} or below on ${year}` +
        (reportsBehind('BEST', j.code, tree, reportsOf).length > 0 ? '; a SUMMARY report covers it (measure BEST uses it)' : '')
      );
    case 'BEST':
      return `no report covers ${j.name} or below on ${year}`;
  }
}

/** Reports are behind the cell but none prints `code`: declared missing, not in their format, or left out. */
export function notPrintedReason(code: string, year: number, behind: readonly ReportFact[], carriedBy: readonly string[]): string {
  const parts = new Set([code]);
  const declaring = behind.filter((r) => declaredMissing(r, parts).length > 0);
  if (declaring.length > 0) {
    const [first] = declaredMissing(declaring[0], parts);
    const who = behind.length === 1 ? 'the report declares' : `${declaring.length} of the ${behind.length} reports declare`;
    return `${who} it missing (${first.part.part}: ${first.part.reason})`;
  }
  const formats = [...new Set(behind.map((r) => r.formatVersion ?? formatVersionOfYear(year)))];
  if (!formats.some((f) => carriedBy.includes(f)))
    return `not in the ${formats.join(' and ')} format of the report${behind.length === 1 ? '' : 's'} on ${year}`;
  return behind.length === 1 ? 'the report does not print it' : `none of the ${behind.length} reports behind it prints it`;
}

/** The first few names, and how many more. */
export function listed(names: readonly string[], max = 3): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** "2019–2025" or "2019, 2021–2024". */
export function spanOf(years: readonly number[]): string {
  const runs: string[] = [];
  let start = years[0];
  for (let i = 1; i <= years.length; i++) {
    if (i < years.length && years[i] === years[i - 1] + 1) continue;
    runs.push(start === years[i - 1] ? `${start}` : `${start}–${years[i - 1]}`);
    start = years[i];
  }
  return runs.join(', ');
}
