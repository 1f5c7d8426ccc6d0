import { answeringReport, type ReportsOf, type Tree } from './best';

/**
 * Coverage of a roll-up, pure: for every jurisdiction of a subtree, the kind of report that covers it in
 * a year, and whether that counts for the measure. A department's report alone never makes its
 * jurisdiction reported (the government's own work is still missing); a SUMMARY covers its whole
 * subtree for BEST, but adds nothing to ROLLUP (which sums OWN reports only). Functional zones (开发区,
 * 高新区 … run by a 管委会 for their city) are not expected unless asked for: most publish nothing of
 * their own, and counting them would make almost every roll-up look partial.
 */
export type CoverageKind = 'GOVERNMENT_OWN' | 'SUMMARY' | 'DEPARTMENTS_ONLY' | 'NONE';

export interface JurisdictionCoverage {
  code: string;
  kind: CoverageKind;
  /** Whether it counts as reported for the measure. */
  covered: boolean;
  /** For BEST, the jurisdiction whose SUMMARY covers it (itself or the topmost above it within the subtree); null otherwise. */
  coveredBy: string | null;
}

export interface SubtreeCoverage {
  /** The expected jurisdictions (the root first, then in walk order). */
  entries: JurisdictionCoverage[];
  /** Functional zones of the subtree left out of `entries`. */
  zonesLeftOut: number;
}

export interface CoverageOptions {
  measure: 'ROLLUP' | 'BEST';
  isZone(code: string): boolean;
  includeFunctionalZones: boolean;
}

/** The kind of report covering a jurisdiction by its own reports, for a measure: what it counts as. */
function kindOf(reports: ReturnType<ReportsOf>, measure: 'ROLLUP' | 'BEST'): CoverageKind {
  const government = reports.some((r) => r.scope === 'OWN' && r.organKind === 'GOVERNMENT');
  const summary = answeringReport(reports, 'REPORTED') !== null;
  const departments = reports.some((r) => r.scope === 'OWN' && r.organKind !== 'GOVERNMENT');
  // For ROLLUP the government's own report is what counts; for BEST its summary comes first.
  if (measure === 'BEST' && summary) return 'SUMMARY';
  if (government) return 'GOVERNMENT_OWN';
  if (summary) return 'SUMMARY';
  return departments ? 'DEPARTMENTS_ONLY' : 'NONE';
}

/** One year's coverage of the subtree of `root`. The root itself is always expected (it was asked for). */
export function subtreeCoverage(root: string, tree: Tree, reportsOf: ReportsOf, options: CoverageOptions): SubtreeCoverage {
  const entries: JurisdictionCoverage[] = [];
  let zonesLeftOut = 0;
  const walk = (code: string, summaryAbove: string | null) => {
    if (code !== root && !options.includeFunctionalZones && options.isZone(code)) {
      zonesLeftOut++;
      return;
    }
    const kind = summaryAbove ? 'SUMMARY' : kindOf(reportsOf(code), options.measure);
    const coveredBy = options.measure === 'BEST' && kind === 'SUMMARY' ? (summaryAbove ?? code) : null;
    const covered = options.measure === 'BEST' ? kind === 'SUMMARY' || kind === 'GOVERNMENT_OWN' : kind === 'GOVERNMENT_OWN';
    entries.push({ code, kind, covered, coveredBy });
    for (const child of tree.children(code)) walk(child.code, coveredBy);
  };
  walk(root, null);
  return { entries, zonesLeftOut };
}

/**
 * Several years' coverage in one (aggregated cells): a jurisdiction is covered when it is covered every
 * year, and is described by the kind of its first uncovered year (else its last year's).
 */
export function combineYears(years: readonly SubtreeCoverage[]): SubtreeCoverage {
  if (years.length === 1) return years[0];
  const byCode = new Map<string, JurisdictionCoverage>();
  for (const year of years) {
    for (const entry of year.entries) {
      const seen = byCode.get(entry.code);
      if (!seen || seen.covered) byCode.set(entry.code, entry);
    }
  }
  return { entries: [...byCode.values()], zonesLeftOut: years[0]?.zonesLeftOut ?? 0 };
}

export interface CoverageCounts {
  governmentOwn: number;
  summary: number;
  departmentsOnly: number;
  none: number;
}

export function countKinds(entries: readonly JurisdictionCoverage[]): CoverageCounts {
  const counts: CoverageCounts = { governmentOwn: 0, summary: 0, departmentsOnly: 0, none: 0 };
  for (const { kind } of entries) {
    if (kind === 'GOVERNMENT_OWN') counts.governmentOwn++;
    else if (kind === 'SUMMARY') counts.summary++;
    else if (kind === 'DEPARTMENTS_ONLY') counts.departmentsOnly++;
    else counts.none++;
  }
  return counts;
}
