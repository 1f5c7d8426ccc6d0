import type { Hierarchy, HierarchyRow } from '../jurisdictions/hierarchy';
import type { IndicatorType } from '../indicators/indicator.type';
import type { OrganRow } from '../organs/organ.service';
import { formatVersionOfYear } from './aggregation';
import { answeringReport, bestComposition, reportsBehind, sumOfReports, type ReportFact, type ReportsOf } from './best';
import { MISSING, type CellValue } from './cell-value';
import type { CellFactsService, FactsScope, ReportValues } from './cell-facts.service';
import { checkedCodes, declaredMissing, failingChecks, isLeftOut, type CellQuality, type DeclaredMissing, type FailedCheck, type ReportIssue } from './cell-quality';
import { organCoverage } from '../organs/organ-coverage';
import { combineYears, countKinds, subtreeCoverage, type CoverageCounts, type CoverageKind } from './coverage';
import { cellKey, type BaseTable, type Measure } from './rollup.service';

/** What the details need to know of a cells request (see CellsComputation). */
export interface DetailsRequest {
  jurisdictions: readonly HierarchyRow[];
  organs: readonly OrganRow[] | null;
  indicators: readonly IndicatorType[];
  from: number;
  to: number;
  measure: Measure;
  exclude: readonly ReportIssue[];
}

/** The cell as the details see it. */
export interface CellRef {
  jurisdiction: HierarchyRow;
  indicator: IndicatorType;
  organ: OrganRow | null;
  year: number | null;
  measure: Measure;
  status: string;
}

export interface CoverageDetails {
  expected: number;
  reported: number;
  complete: boolean;
  /** Expected jurisdictions not covered, with the kind of report each has. */
  missing: { code: string; kind: CoverageKind }[];
  byKind: CoverageCounts;
  functionalZonesLeftOut: number;
  /** Reports behind the value that declared a part of it missing. */
  reportsDeclaringMissing: number;
  /** Organs whose reports the value adds, expected (reporting the year before or after) and not reporting. */
  organsMissing: number;
  /** Why the cell is not complete; null when it is. */
  reason: string | null;
}

export interface CompositionDetails {
  /** The SUMMARY reports used, each answering for its jurisdiction's whole subtree. */
  summaries: ReportFact[];
  /** Jurisdictions not under a summary used whose organs' OWN reports are added. */
  ownJurisdictions: string[];
  ownReports: ReportFact[];
  description: string;
}

export interface QualityDetails extends CellQuality {
  reports: number;
  reportsWithFailures: number;
  /** Reports the request's `exclude` left out of the value. */
  reportsLeftOut: number;
}

interface Facts {
  /** year → jurisdiction → its current reports. */
  byYear: Map<number, Map<string, ReportFact[]>>;
  /** `${organId}@${year}` → the organ's latest current report of the year. */
  byOrganYear: Map<string, ReportFact>;
  /** Per jurisdiction: its organs with the years of their current OWN reports (the year after the range included). */
  organYears: Map<string, Map<number, Set<number>>>;
}

const NO_REPORTS: readonly ReportFact[] = [];

/**
 * Coverage, composition, quality and reasons of one request's cells, computed only when a cell asks
 * and then for all cells at once: the current reports the cells stand on (one statement per level of
 * the roots) and, for quality and `exclude`, the values of the codes the identity checks read.
 * With `exclude`, the values themselves are computed here from the reports left in (`filteredTable`).
 */
export class CellDetails {
  private facts: Promise<Facts> | null = null;
  private values: Promise<ReportValues> | null = null;
  private reportYears: Promise<number[]> | null = null;
  private readonly leftOut = new Map<string, boolean>();
  /** Per report: every check failing on the codes read. */
  private readonly failing = new Map<number, FailedCheck[]>();
  /** Results shared by the cells of one root and year (coverage, reports behind): a matrix asks them of every indicator. */
  private readonly memo = new Map<string, unknown>();
  private readonly partsByIndicator: Map<string, Set<string>>;

  constructor(
    private readonly service: CellFactsService,
    private readonly hierarchy: Hierarchy,
    private readonly request: DetailsRequest,
    partsOf: (code: string) => Set<string>,
    private readonly catalog: ReadonlyMap<string, IndicatorType>,
    /** The catalog's base codes (for the identity checks' operands). */
    private readonly catalogBaseCodes: readonly string[],
  ) {
    this.partsByIndicator = new Map(request.indicators.map((i) => [i.code, partsOf(i.code)]));
  }

  /** Years from which facts are read: the year before the range for I5 (and one more for the year-over-year of a filtered request). */
  private get first(): number {
    return this.request.from - (this.request.exclude.length > 0 ? 2 : 1);
  }

  private scope(): FactsScope {
    const { organs, jurisdictions, measure } = this.request;
    if (organs) return { kind: 'ORGANS', organIds: organs.map((o) => o.id) };
    return { kind: measure === 'OWN' || measure === 'REPORTED' ? 'SELF' : 'SUBTREE', roots: jurisdictions };
  }

  private loadFacts(): Promise<Facts> {
    // To the year after the range: an organ reporting then is expected in the range's last year (organ-coverage.ts).
    this.facts ??= this.service.reports(this.scope(), this.first, this.request.to + 1).then((reports) => {
      const facts: Facts = { byYear: new Map(), byOrganYear: new Map(), organYears: new Map() };
      for (const r of reports) {
        let year = facts.byYear.get(r.year);
        if (!year) facts.byYear.set(r.year, (year = new Map()));
        const list = year.get(r.jurisdictionCode) ?? [];
        list.push(r);
        year.set(r.jurisdictionCode, list);
        // Reports come in id order: the latest revision of an organ and year wins.
        facts.byOrganYear.set(`${r.organId}@${r.year}`, r);
        if (r.scope !== 'OWN') continue;
        let organs = facts.organYears.get(r.jurisdictionCode);
        if (!organs) facts.organYears.set(r.jurisdictionCode, (organs = new Map()));
        organs.set(r.organId, (organs.get(r.organId) ?? new Set()).add(r.year));
      }
      return facts;
    });
    return this.facts;
  }

  /** Values of every code the request's cells and their identity checks read. */
  private loadValues(): Promise<ReportValues> {
    if (!this.values) {
      const codes = new Set<string>();
      for (const parts of this.partsByIndicator.values()) {
        const checked = checkedCodes(parts, this.catalogBaseCodes);
        for (const c of [...checked.current, ...checked.previous]) codes.add(c);
      }
      this.values = this.service.values(this.scope(), this.first, this.request.to, [...codes]);
    }
    return this.values;
  }

  private parts(indicatorCode: string): Set<string> {
    return this.partsByIndicator.get(indicatorCode) ?? new Set([indicatorCode]);
  }

  /**
   * The quality of one report for the parts of one indicator. A report's checks are run once (on the
   * codes every indicator of the request needs checked) and kept; each indicator takes those on its parts.
   */
  private reportQuality(report: ReportFact, parts: ReadonlySet<string>, facts: Facts, values: ReportValues): CellQuality {
    let failing = this.failing.get(report.id);
    if (!failing) {
      const valuesOf = (r: ReportFact) => new Map([...(values.get(r.id) ?? new Map<string, CellValue>())].map(([code, v]) => [code, v.status === 'VALUE' ? v.value : null]));
      const previous = facts.byOrganYear.get(`${report.organId}@${report.year - 1}`);
      failing = failingChecks({ id: report.id, values: valuesOf(report) }, previous ? { id: previous.id, values: valuesOf(previous) } : null, null);
      this.failing.set(report.id, failing);
    }
    return { failedChecks: failing.filter((c) => c.operands.some((o) => parts.has(o))), missingParts: declaredMissing(report, parts) };
  }

  /** Whether `exclude` leaves the report out of the indicator's cells (always false without `exclude`). */
  private isExcluded(report: ReportFact, indicatorCode: string, facts: Facts, values: ReportValues | null): boolean {
    if (this.request.exclude.length === 0 || !values) return false;
    const key = `${report.id}|${indicatorCode}`;
    let out = this.leftOut.get(key);
    if (out === undefined) {
      out = isLeftOut(this.reportQuality(report, this.parts(indicatorCode), facts, values), this.request.exclude);
      this.leftOut.set(key, out);
    }
    return out;
  }

  /** Reports of a year by jurisdiction, without those `exclude` leaves out of the indicator's cells. */
  private reportsOf(facts: Facts, values: ReportValues | null, year: number, indicatorCode: string, withExcluded = false): ReportsOf {
    const byJurisdiction = facts.byYear.get(year);
    return (code) => {
      const reports = byJurisdiction?.get(code) ?? NO_REPORTS;
      return withExcluded || this.request.exclude.length === 0 ? reports : reports.filter((r) => !this.isExcluded(r, indicatorCode, facts, values));
    };
  }

  private remember<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const made = make();
    this.memo.set(key, made);
    return made;
  }

  /** The part of a memo key that depends on the indicator: only `exclude` makes the reports differ by indicator. */
  private variant(indicatorCode: string): string {
    return this.request.exclude.length > 0 ? indicatorCode : '';
  }

  /** Values are needed before anything else when `exclude` decides which reports count. */
  private async ready(): Promise<{ facts: Facts; values: ReportValues | null }> {
    const facts = await this.loadFacts();
    return { facts, values: this.request.exclude.length > 0 ? await this.loadValues() : null };
  }

  /** The reports a cell's value of one year stands on (after `exclude`). */
  private behind(cell: CellRef, year: number, facts: Facts, values: ReportValues | null, withExcluded = false): ReportFact[] {
    const key = `behind|${cell.measure}|${cell.organ?.id ?? cell.jurisdiction.code}|${year}|${withExcluded ? '' : this.variant(cell.indicator.code)}`;
    return this.remember(key, () => this.findBehind(cell, year, facts, values, withExcluded));
  }

  private findBehind(cell: CellRef, year: number, facts: Facts, values: ReportValues | null, withExcluded: boolean): ReportFact[] {
    const reportsOf = this.reportsOf(facts, values, year, cell.indicator.code, withExcluded);
    if (cell.organ) {
      const report = facts.byOrganYear.get(`${cell.organ.id}@${year}`);
      return report && report.scope === 'OWN' && reportsOf(report.jurisdictionCode).includes(report) ? [report] : [];
    }
    return reportsBehind(cell.measure, cell.jurisdiction.code, this.hierarchy, reportsOf);
  }

  private yearsOf(cell: CellRef): number[] {
    if (cell.year !== null) return [cell.year];
    const years: number[] = [];
    for (let y = this.request.from; y <= this.request.to; y++) years.push(y);
    return years;
  }

  /** ROLLUP and BEST of jurisdictions: who is covered, by what kind of report, and who is missing. */
  async coverage(cell: CellRef, includeFunctionalZones: boolean): Promise<CoverageDetails | null> {
    if ((cell.measure !== 'ROLLUP' && cell.measure !== 'BEST') || cell.organ) return null;
    const { facts, values } = await this.ready();
    const measure = cell.measure;
    const years = this.yearsOf(cell);
    const combined = combineYears(
      years.map((y) =>
        this.remember(`coverage|${measure}|${cell.jurisdiction.code}|${y}|${includeFunctionalZones}|${this.variant(cell.indicator.code)}`, () =>
          subtreeCoverage(cell.jurisdiction.code, this.hierarchy, this.reportsOf(facts, values, y, cell.indicator.code), { measure, includeFunctionalZones, isZone: (code) => this.hierarchy.get(code)?.functionalZone ?? false }),
        ),
      ),
    );
    const missing = combined.entries.filter((e) => !e.covered).map((e) => ({ code: e.code, kind: e.kind }));
    const parts = this.parts(cell.indicator.code);
    const declaring = new Set(years.flatMap((y) => this.behind(cell, y, facts, values).filter((r) => declaredMissing(r, parts).length > 0).map((r) => r.id)));
    const organsMissing = this.organsMissing(cell, years, facts, values);
    const reasons: string[] = [];
    if (missing.length > 0) reasons.push(`${missing.length} of ${combined.entries.length} jurisdictions expected have no ${measure === 'BEST' ? 'SUMMARY or government OWN' : 'government OWN'} report`);
    if (organsMissing > 0) reasons.push(`${organsMissing} organ${organsMissing === 1 ? '' : 's'} whose OWN reports are added, reporting the year before or after, did not report`);
    if (declaring.size > 0) reasons.push(`${declaring.size} report${declaring.size === 1 ? '' : 's'} behind the value declare${declaring.size === 1 ? 's' : ''} a part of it missing`);
    if (cell.status === 'MISSING') reasons.push('the value is MISSING');
    return {
      expected: combined.entries.length,
      reported: combined.entries.length - missing.length,
      complete: reasons.length === 0,
      missing,
      byKind: countKinds(combined.entries),
      functionalZonesLeftOut: combined.zonesLeftOut,
      reportsDeclaringMissing: declaring.size,
      organsMissing,
      reason: reasons.length > 0 ? `${reasons.join('; ')}.` : null,
    };
  }

  /**
   * Organs whose OWN reports the value adds (for BEST, those of the jurisdictions no summary covers)
   * that are expected and did not report: expected in a year when they report the year before, the year
   * or the year after (organ-coverage.ts).
   */
  private organsMissing(cell: CellRef, years: readonly number[], facts: Facts, values: ReportValues | null): number {
    const missing = new Set<number>();
    for (const year of years) {
      const gone = this.remember(`organs|${cell.measure}|${cell.jurisdiction.code}|${year}|${this.variant(cell.indicator.code)}`, () => {
        const inPlay = cell.measure === 'BEST' ? bestComposition(cell.jurisdiction.code, this.hierarchy, this.reportsOf(facts, values, year, cell.indicator.code)).ownJurisdictions : this.hierarchy.subtree(cell.jurisdiction.code).map((j) => j.code);
        const organs = inPlay.flatMap((code) => [...(facts.organYears.get(code) ?? [])].map(([organ, reported]) => ({ organ, years: reported })));
        return organCoverage(organs, [year]).missing;
      });
      for (const organ of gone) missing.add(organ);
    }
    return missing.size;
  }

  /** ROLLUP and BEST of jurisdictions: which parts come from SUMMARY reports and which from OWN reports. */
  async composition(cell: CellRef): Promise<CompositionDetails | null> {
    if ((cell.measure !== 'ROLLUP' && cell.measure !== 'BEST') || cell.organ) return null;
    const { facts, values } = await this.ready();
    const summaries = new Map<number, ReportFact>();
    const ownJurisdictions = new Set<string>();
    const ownReports = new Map<number, ReportFact>();
    const described: string[] = [];
    for (const year of this.yearsOf(cell)) {
      const reportsOf = this.reportsOf(facts, values, year, cell.indicator.code);
      const part =
        cell.measure === 'BEST'
          ? bestComposition(cell.jurisdiction.code, this.hierarchy, reportsOf)
          : { summaries: [], ownJurisdictions: [], own: reportsBehind('ROLLUP', cell.jurisdiction.code, this.hierarchy, reportsOf) };
      for (const s of part.summaries) summaries.set(s.id, s);
      for (const r of part.own) {
        ownReports.set(r.id, r);
        ownJurisdictions.add(r.jurisdictionCode);
      }
      described.push(`${year}: ${this.describe(part.summaries, part.own)}`);
    }
    return { summaries: [...summaries.values()], ownJurisdictions: [...ownJurisdictions], ownReports: [...ownReports.values()], description: described.join('; ') };
  }

  private name(code: string): string {
    const j = this.hierarchy.get(code);
    return j ? `${j.name} (${code})` : code;
  }

  private describe(summaries: readonly ReportFact[], own: readonly ReportFact[]): string {
    const parts: string[] = [];
    if (summaries.length > 0) parts.push(`the SUMMARY report${summaries.length === 1 ? '' : 's'} of ${listed(summaries.map((s) => this.name(s.jurisdictionCode)))}`);
    if (own.length > 0) {
      const places = [...new Set(own.map((r) => r.jurisdictionCode))];
      parts.push(`the OWN reports of ${own.length} organ${own.length === 1 ? '' : 's'} of ${listed(places.map((c) => this.name(c)))}`);
    }
    return parts.length > 0 ? parts.join(' + ') : 'no report';
  }

  /** The failing identity checks and the declared-missing parts of the reports behind the cell. */
  async quality(cell: CellRef): Promise<QualityDetails> {
    const facts = await this.loadFacts();
    const values = await this.loadValues();
    const parts = this.parts(cell.indicator.code);
    const failedChecks: FailedCheck[] = [];
    const missingParts: DeclaredMissing[] = [];
    const reports = new Set<number>();
    const failing = new Set<number>();
    let leftOut = 0;
    for (const year of this.yearsOf(cell)) {
      const kept = this.behind(cell, year, facts, values);
      if (this.request.exclude.length > 0) leftOut += this.behind(cell, year, facts, values, true).length - kept.length;
      for (const report of kept) {
        reports.add(report.id);
        const q = this.reportQuality(report, parts, facts, values);
        failedChecks.push(...q.failedChecks);
        missingParts.push(...q.missingParts);
        if (q.failedChecks.length > 0) failing.add(report.id);
      }
    }
    return { reports: reports.size, failedChecks, missingParts, reportsWithFailures: failing.size, reportsLeftOut: leftOut };
  }

  /** Ids of the reports behind the cell that print one of its parts (ROLLUP and BEST sources). */
  async sources(cell: CellRef): Promise<number[]> {
    const { facts } = await this.ready();
    const values = await this.loadValues();
    const parts = this.parts(cell.indicator.code);
    const ids = new Set<number>();
    for (const year of this.yearsOf(cell)) {
      for (const r of this.behind(cell, year, facts, values)) {
        const printed = values.get(r.id);
        if (printed && [...parts].some((p) => printed.has(p))) ids.add(r.id);
      }
    }
    return [...ids].sort((a, b) => a - b);
  }

  /**
   * The base values of a measure computed from the reports `exclude` leaves in, per row and indicator
   * (the reports left out differ by indicator): keyed `${rowKey}|${indicatorCode}`.
   */
  async filteredTable(measure: Measure, from: number, to: number, rows: readonly { key: string; jurisdiction: HierarchyRow; organ: OrganRow | null }[]): Promise<BaseTable> {
    const { facts, values } = await this.ready();
    const table: BaseTable = new Map();
    const valueOf = (report: ReportFact, code: string): CellValue => values?.get(report.id)?.get(code) ?? MISSING;
    for (const row of rows) {
      for (const indicator of this.request.indicators) {
        const entry = new Map<string, CellValue & { reportId?: number }>();
        const cell: CellRef = { jurisdiction: row.jurisdiction, indicator, organ: row.organ, year: null, measure, status: 'VALUE' };
        for (let year = from; year <= to; year++) {
          const behind = this.behind(cell, year, facts, values);
          for (const code of this.parts(indicator.code)) {
            const value = sumOfReports(behind, code, valueOf);
            if (value.status === 'MISSING') continue;
            entry.set(cellKey(code, year), behind.length === 1 ? { ...value, reportId: behind[0].id } : value);
          }
        }
        table.set(`${row.key}|${indicator.code}`, entry);
      }
    }
    return table;
  }

  /**
   * Why a base code has no value for a cell in a year: no report at all that year, none behind the
   * cell, a format without the cell, the reports declaring it missing, or not printing it.
   */
  async explainMissing(cell: CellRef, code: string, year: number): Promise<{ text: string; aboutPart: boolean }> {
    const { facts, values } = await this.ready();
    // The facts hold every report of the cell's scope: only a year without any of them may be a year without any report at all.
    if (!facts.byYear.has(year)) {
      this.reportYears ??= this.service.reportYears();
      const reportYears = await this.reportYears;
      if (!reportYears.includes(year)) {
        const span = reportYears.length > 0 ? ` (the reports stored are on ${spanOf(reportYears)})` : ' (none is stored)';
        return { text: `no report in the database is on ${year}${span}`, aboutPart: false };
      }
    }
    const behind = this.behind(cell, year, facts, values);
    if (behind.length === 0) {
      const leftOut = this.behind(cell, year, facts, values, true);
      if (leftOut.length > 0) return { text: `the ${leftOut.length === 1 ? 'report' : `${leftOut.length} reports`} behind it ${leftOut.length === 1 ? 'is' : 'are'} left out by \`exclude\` (${this.request.exclude.join(', ')})`, aboutPart: false };
      return { text: this.noReport(cell, year, facts), aboutPart: false };
    }
    return { text: this.notPrinted(code, year, behind), aboutPart: true };
  }

  private notPrinted(code: string, year: number, behind: readonly ReportFact[]): string {
    const parts = new Set([code]);
    const declaring = behind.filter((r) => declaredMissing(r, parts).length > 0);
    if (declaring.length > 0) {
      const [first] = declaredMissing(declaring[0], parts);
      const who = behind.length === 1 ? 'the report' : `${declaring.length} of the ${behind.length} reports`;
      return `${who} declare${declaring.length === 1 && behind.length === 1 ? 's' : ''} it missing (${first.part.part}: ${first.part.reason})`;
    }
    const formats = [...new Set(behind.map((r) => r.formatVersion ?? formatVersionOfYear(year)))];
    const carriedBy = this.catalog.get(code)?.formatVersions ?? [];
    const carried = formats.some((f) => carriedBy.includes(f));
    if (!carried) return `not in the ${formats.join(' and ')} format of the report${behind.length === 1 ? '' : 's'} on ${year}`;
    return behind.length === 1 ? 'the report does not print it' : `none of the ${behind.length} reports behind it prints it`;
  }

  private noReport(cell: CellRef, year: number, facts: Facts): string {
    const reportsOf = (code: string) => facts.byYear.get(year)?.get(code) ?? NO_REPORTS;
    if (cell.organ) {
      const report = facts.byOrganYear.get(`${cell.organ.id}@${year}`);
      return report ? `${cell.organ.name}'s report on ${year} is a SUMMARY, not its own` : `${cell.organ.name} has no report on ${year}`;
    }
    const j = cell.jurisdiction;
    const own = reportsOf(j.code);
    const departments = own.filter((r) => r.scope === 'OWN' && r.organKind !== 'GOVERNMENT').length;
    const summary = answeringReport(own, 'REPORTED') !== null;
    switch (cell.measure) {
      case 'OWN':
        return `${j.name} has no OWN report of its government on ${year}` +
          (departments > 0 ? `; ${departments} of its departments reported (measure ROLLUP adds them)` : '') +
          (summary ? '; its SUMMARY report answers measures REPORTED and BEST' : '');
      case 'REPORTED':
        return `${j.name} published no SUMMARY report on ${year}` + (own.some((r) => r.scope === 'OWN') ? '; measures ROLLUP and BEST add its organs\' OWN reports' : '');
      case 'ROLLUP': {
        const anySummary = reportsBehind('BEST', j.code, this.hierarchy, reportsOf).length > 0;
        return `no OWN report in ${j.name} or below on ${year}` + (anySummary ? '; a SUMMARY report covers it (measure BEST uses it)' : '');
      }
      case 'BEST':
        return `no report covers ${j.name} or below on ${year}`;
    }
  }
}

function listed(names: readonly string[], max = 3): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** "2019–2025" or "2019, 2021–2024". */
function spanOf(years: readonly number[]): string {
  const runs: string[] = [];
  let start = years[0];
  for (let i = 1; i <= years.length; i++) {
    if (i < years.length && years[i] === years[i - 1] + 1) continue;
    runs.push(start === years[i - 1] ? `${start}` : `${start}–${years[i - 1]}`);
    start = years[i];
  }
  return runs.join(', ');
}
