import type { MissingPart } from '../reports/report-terms';
import { checkConsistency, type ConsistencyCheck } from '../reports/consistency';
import { checkCrossYear, type YearValues } from '../reports/cross-year';
import type { ReportFact } from './best';

/**
 * Quality carried to a cell, pure: of the reports behind a value, the identity checks (I1–I5) that fail
 * on cells the value is made of, and the parts of the value the reports declared missing. A check is
 * about a cell when it reads one of the cell's base codes (a failing table-4 total says nothing about
 * applications received); I5 is about the report's 上年结转, checked against the same organ's report
 * of the year before.
 */

/** A failing check of one report. */
export interface FailedCheck extends ConsistencyCheck {
  reportId: number;
  /** For I5: the report of the year before it was compared with. */
  otherReportId: number | null;
}

/** A part one report declared missing, touching the cell. */
export interface DeclaredMissing {
  reportId: number;
  part: MissingPart;
}

export interface CellQuality {
  failedChecks: FailedCheck[];
  missingParts: DeclaredMissing[];
}

/** The (identity, scope) of every check the format defines, with its operands, for a catalog. */
interface CheckTemplate {
  identity: string;
  scope: string;
  operands: string[];
}

const TEMPLATES = new WeakMap<readonly string[], CheckTemplate[]>();

/**
 * Every check the identities can make, found by running them on a report printing every base code: once
 * with (六) split in three rows (2021) and once as one row (2019), since I3 reads one or the other.
 */
function templatesOf(baseCodes: readonly string[]): CheckTemplate[] {
  let templates = TEMPLATES.get(baseCodes);
  if (templates) return templates;
  const split = new Map<string, number | null>(baseCodes.map((c) => [c, 0]));
  const single = new Map([...split].filter(([c]) => !/^outcome\.other\.(no_correction|fee_unpaid|other)\./.test(c)));
  const seen = new Map<string, CheckTemplate>();
  for (const values of [split, single]) {
    for (const check of checkConsistency(values)) {
      const key = `${check.identity}:${check.scope}`;
      const known = seen.get(key);
      seen.set(key, {
        identity: check.identity,
        scope: check.scope,
        operands: [...new Set([...(known?.operands ?? []), ...check.operands])],
      });
    }
  }
  for (const check of checkCrossYear(split, split, 0))
    seen.set(`I5:${check.scope}`, { identity: 'I5', scope: check.scope, operands: check.operands });
  templates = [...seen.values()];
  TEMPLATES.set(baseCodes, templates);
  return templates;
}

/**
 * The codes to read of each report (and of the year before's, for I5) to check every identity that
 * touches `codes` exactly: the operands of those checks in either layout of the format.
 */
export function checkedCodes(codes: ReadonlySet<string>, catalogBaseCodes: readonly string[]): { current: string[]; previous: string[] } {
  const current = new Set<string>(codes);
  const previous = new Set<string>();
  for (const template of templatesOf(catalogBaseCodes)) {
    if (!template.operands.some((c) => codes.has(c))) continue;
    for (const c of template.operands) current.add(c);
    if (template.identity === 'I5')
      for (const c of template.operands) previous.add(c.replace('applications.carried_over.', 'applications.carried_forward.'));
  }
  return { current: [...current], previous: [...previous] };
}

/**
 * One report's checks failing on cells among `codes` (null: any); `previous` is the organ's report of
 * the year before, when there is one.
 */
export function failingChecks(
  report: { id: number; values: YearValues },
  previous: { id: number; values: YearValues } | null,
  codes: ReadonlySet<string> | null,
): FailedCheck[] {
  const about = (check: ConsistencyCheck) => check.status === 'FAIL' && (codes === null || check.operands.some((c) => codes.has(c)));
  const checks: FailedCheck[] = [];
  for (const check of checkConsistency(report.values))
    if (about(check)) checks.push({ ...check, reportId: report.id, otherReportId: null });
  if (previous)
    for (const check of checkCrossYear(report.values, previous.values, previous.id))
      if (about(check)) checks.push({ ...check, reportId: report.id });
  return checks;
}

/** The parts a report declared missing that hold one of `codes`. */
export function declaredMissing(report: Pick<ReportFact, 'id' | 'missingParts'>, codes: ReadonlySet<string>): DeclaredMissing[] {
  return (report.missingParts ?? []).filter((p) => p.indicators.some((c) => codes.has(c))).map((part) => ({ reportId: report.id, part }));
}

/**
 * Which reports a request leaves out: FAILED_CHECKS (a failing check on the cell's parts), MISSING_PARTS (a part of the cell declared
 * missing).
 */
export type ReportIssue = 'FAILED_CHECKS' | 'MISSING_PARTS';

export function isLeftOut(quality: CellQuality, issues: readonly ReportIssue[]): boolean {
  return (
    (issues.includes('FAILED_CHECKS') && quality.failedChecks.length > 0) ||
    (issues.includes('MISSING_PARTS') && quality.missingParts.length > 0)
  );
}
