import type { Hierarchy, HierarchyRow } from '../jurisdictions/hierarchy';
import type { IndicatorType } from '../indicators/indicator.type';
import type { OrganRow } from '../organs/organ.service';
import { reportsBehind, type ReportFact, type ReportsOf } from './best';
import type { CellValue } from './cell-value';
import type { CellFactsService, FactsScope, ReportValues } from './cell-facts.service';
import {
  checkedCodes,
  declaredMissing,
  failingChecks,
  isLeftOut,
  type CellQuality,
  type FailedCheck,
  type ReportIssue,
} from './cell-quality';
import type { Measure } from './rollup.reader';

/** What a request's reports depend on (see CellsComputation). */
export interface DetailsRequest {
  jurisdictions: readonly HierarchyRow[];
  organs: readonly OrganRow[] | null;
  indicators: readonly IndicatorType[];
  from: number;
  to: number;
  measure: Measure;
  exclude: readonly ReportIssue[];
}

/** A cell as the reports behind it are found. */
export interface CellRef {
  jurisdiction: HierarchyRow;
  indicator: IndicatorType;
  organ: OrganRow | null;
  year: number | null;
  measure: Measure;
  status: string;
}

export interface Facts {
  /** year → jurisdiction → its current reports. */
  byYear: Map<number, Map<string, ReportFact[]>>;
  /** `${organId}@${year}` → the organ's latest current report of the year. */
  byOrganYear: Map<string, ReportFact>;
  /** Per jurisdiction: its organs with the years of their current OWN reports (the year after the range included). */
  organYears: Map<string, Map<number, Set<number>>>;
}

export const NO_REPORTS: readonly ReportFact[] = [];

/**
 * The current reports a request's cells stand on, read once for all of them: one statement per level of
 * the roots for the reports (of their subtrees, from the year before the range to the year after), and,
 * for quality and `exclude`, one for the values of the codes the identity checks on the cells' parts
 * read. Which reports are behind a cell, and whether `exclude` leaves one out, are answered from them.
 */
export class RequestReports {
  private facts: Promise<Facts> | null = null;
  private values: Promise<ReportValues> | null = null;
  private years: Promise<number[]> | null = null;
  private readonly leftOut = new Map<string, boolean>();
  /** Per report: every check failing on the codes read. */
  private readonly failing = new Map<number, FailedCheck[]>();
  /** Results shared by the cells of one root and year (coverage, reports behind): a matrix asks them of every indicator. */
  private readonly memo = new Map<string, unknown>();
  private readonly partsByIndicator: Map<string, Set<string>>;

  constructor(
    private readonly service: CellFactsService,
    readonly hierarchy: Hierarchy,
    readonly request: DetailsRequest,
    partsOf: (code: string) => Set<string>,
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

  loadFacts(): Promise<Facts> {
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
  loadValues(): Promise<ReportValues> {
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

  parts(indicatorCode: string): Set<string> {
    return this.partsByIndicator.get(indicatorCode) ?? new Set([indicatorCode]);
  }

  /**
   * The quality of one report for the parts of one indicator. A report's checks are run once (on the
   * codes every indicator of the request needs checked) and kept; each indicator takes those on its parts.
   */
  reportQuality(report: ReportFact, parts: ReadonlySet<string>, facts: Facts, values: ReportValues): CellQuality {
    let failing = this.failing.get(report.id);
    if (!failing) {
      const valuesOf = (r: ReportFact) =>
        new Map([...(values.get(r.id) ?? new Map<string, CellValue>())].map(([code, v]) => [code, v.status === 'VALUE' ? v.value : null]));
      const previous = facts.byOrganYear.get(`${report.organId}@${report.year - 1}`);
      failing = failingChecks(
        { id: report.id, values: valuesOf(report) },
        previous ? { id: previous.id, values: valuesOf(previous) } : null,
        null,
      );
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
  reportsOf(facts: Facts, values: ReportValues | null, year: number, indicatorCode: string, withExcluded = false): ReportsOf {
    const byJurisdiction = facts.byYear.get(year);
    return (code) => {
      const reports = byJurisdiction?.get(code) ?? NO_REPORTS;
      return withExcluded || this.request.exclude.length === 0
        ? reports
        : reports.filter((r) => !this.isExcluded(r, indicatorCode, facts, values));
    };
  }

  remember<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const made = make();
    this.memo.set(key, made);
    return made;
  }

  /** The part of a memo key that depends on the indicator: only `exclude` makes the reports differ by indicator. */
  variant(indicatorCode: string): string {
    return this.request.exclude.length > 0 ? indicatorCode : '';
  }

  /** Values are needed before anything else when `exclude` decides which reports count. */
  async ready(): Promise<{ facts: Facts; values: ReportValues | null }> {
    const facts = await this.loadFacts();
    return { facts, values: this.request.exclude.length > 0 ? await this.loadValues() : null };
  }

  /** The reports a cell's value of one year stands on (after `exclude`). */
  behind(cell: CellRef, year: number, facts: Facts, values: ReportValues | null, withExcluded = false): ReportFact[] {
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

  yearsOf(cell: CellRef): number[] {
    if (cell.year !== null) return [cell.year];
    const years: number[] = [];
    for (let y = this.request.from; y <= this.request.to; y++) years.push(y);
    return years;
  }

  /** The years on which any current report is stored (any scope, any place), read once. */
  storedYears(): Promise<number[]> {
    this.years ??= this.service.reportYears();
    return this.years;
  }
}
