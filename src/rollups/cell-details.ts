import type { Hierarchy, HierarchyRow } from '../jurisdictions/hierarchy';
import type { IndicatorType } from '../indicators/indicator.type';
import type { OrganRow } from '../organs/organ.service';
import { bestComposition, reportsBehind, sumOfReports, type ReportFact } from './best';
import { leftOutReason, listed, noReportReason, notPrintedReason, yearWithoutReports } from './cell-reason';
import { MISSING, type CellValue } from './cell-value';
import type { CellFactsService, ReportValues } from './cell-facts.service';
import { declaredMissing, type CellQuality, type DeclaredMissing, type FailedCheck } from './cell-quality';
import { organCoverage } from '../organs/organ-coverage';
import { combineYears, countKinds, subtreeCoverage, type CoverageCounts, type CoverageKind } from './coverage';
import { NO_REPORTS, RequestReports, type CellRef, type DetailsRequest, type Facts } from './request-reports';
import { cellKey, type BaseTable } from './materialised';
import type { Measure } from './rollup.reader';

export type { CellRef, DetailsRequest } from './request-reports';

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

/**
 * Coverage, composition, quality and reasons of one request's cells, computed only when a cell asks
 * and then from the reports read once for all cells (RequestReports). With `exclude`, the values
 * themselves are computed here from the reports left in (`filteredTable`).
 */
export class CellDetails {
  private readonly reports: RequestReports;

  constructor(
    service: CellFactsService,
    private readonly hierarchy: Hierarchy,
    private readonly request: DetailsRequest,
    partsOf: (code: string) => Set<string>,
    private readonly catalog: ReadonlyMap<string, IndicatorType>,
    /** The catalog's base codes (for the identity checks' operands). */
    catalogBaseCodes: readonly string[],
  ) {
    this.reports = new RequestReports(service, hierarchy, request, partsOf, catalogBaseCodes);
  }

  /** ROLLUP and BEST of jurisdictions: who is covered, by what kind of report, and who is missing. */
  async coverage(cell: CellRef, includeFunctionalZones: boolean): Promise<CoverageDetails | null> {
    if ((cell.measure !== 'ROLLUP' && cell.measure !== 'BEST') || cell.organ) return null;
    const { facts, values } = await this.reports.ready();
    const measure = cell.measure;
    const years = this.reports.yearsOf(cell);
    const combined = combineYears(
      years.map((y) =>
        this.reports.remember(
          `coverage|${measure}|${cell.jurisdiction.code}|${y}|${includeFunctionalZones}|${this.reports.variant(cell.indicator.code)}`,
          () =>
            subtreeCoverage(cell.jurisdiction.code, this.hierarchy, this.reports.reportsOf(facts, values, y, cell.indicator.code), {
              measure,
              includeFunctionalZones,
              isZone: (code) => this.hierarchy.get(code)?.functionalZone ?? false,
            }),
        ),
      ),
    );
    const missing = combined.entries.filter((e) => !e.covered).map((e) => ({ code: e.code, kind: e.kind }));
    const parts = this.reports.parts(cell.indicator.code);
    const declaring = new Set(
      years.flatMap((y) =>
        this.reports
          .behind(cell, y, facts, values)
          .filter((r) => declaredMissing(r, parts).length > 0)
          .map((r) => r.id),
      ),
    );
    const organsMissing = this.organsMissing(cell, years, facts, values);
    const reasons: string[] = [];
    if (missing.length > 0)
      reasons.push(
        `${missing.length} of ${combined.entries.length} jurisdictions expected have no ${measure === 'BEST' ? 'SUMMARY or government OWN' : 'government OWN'} report`,
      );
    if (organsMissing > 0)
      reasons.push(
        `${organsMissing} organ${organsMissing === 1 ? '' : 's'} whose OWN reports are added, reporting the year before or after, did not report`,
      );
    if (declaring.size > 0)
      reasons.push(
        `${declaring.size} report${declaring.size === 1 ? '' : 's'} behind the value declare${declaring.size === 1 ? 's' : ''} a part of it missing`,
      );
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
      const gone = this.reports.remember(
        `organs|${cell.measure}|${cell.jurisdiction.code}|${year}|${this.reports.variant(cell.indicator.code)}`,
        () => {
          const inPlay =
            cell.measure === 'BEST'
              ? bestComposition(cell.jurisdiction.code, this.hierarchy, this.reports.reportsOf(facts, values, year, cell.indicator.code))
                  .ownJurisdictions
              : this.hierarchy.subtree(cell.jurisdiction.code).map((j) => j.code);
          const organs = inPlay.flatMap((code) =>
            [...(facts.organYears.get(code) ?? [])].map(([organ, reported]) => ({ organ, years: reported })),
          );
          return organCoverage(organs, [year]).missing;
        },
      );
      for (const organ of gone) missing.add(organ);
    }
    return missing.size;
  }

  /** ROLLUP and BEST of jurisdictions: which parts come from SUMMARY reports and which from OWN reports. */
  async composition(cell: CellRef): Promise<CompositionDetails | null> {
    if ((cell.measure !== 'ROLLUP' && cell.measure !== 'BEST') || cell.organ) return null;
    const { facts, values } = await this.reports.ready();
    const summaries = new Map<number, ReportFact>();
    const ownJurisdictions = new Set<string>();
    const ownReports = new Map<number, ReportFact>();
    const described: string[] = [];
    for (const year of this.reports.yearsOf(cell)) {
      const reportsOf = this.reports.reportsOf(facts, values, year, cell.indicator.code);
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
    return {
      summaries: [...summaries.values()],
      ownJurisdictions: [...ownJurisdictions],
      ownReports: [...ownReports.values()],
      description: described.join('; '),
    };
  }

  private name(code: string): string {
    const j = this.hierarchy.get(code);
    return j ? `${j.name} (${code})` : code;
  }

  private describe(summaries: readonly ReportFact[], own: readonly ReportFact[]): string {
    const parts: string[] = [];
    if (summaries.length > 0)
      parts.push(
        `the SUMMARY report${summaries.length === 1 ? '' : 's'} of ${listed(summaries.map((s) => this.name(s.jurisdictionCode)))}`,
      );
    if (own.length > 0) {
      const places = [...new Set(own.map((r) => r.jurisdictionCode))];
      parts.push(`the OWN reports of ${own.length} organ${own.length === 1 ? '' : 's'} of ${listed(places.map((c) => this.name(c)))}`);
    }
    return parts.length > 0 ? parts.join(' + ') : 'no report';
  }

  /** The failing identity checks and the declared-missing parts of the reports behind the cell. */
  async quality(cell: CellRef): Promise<QualityDetails> {
    const facts = await this.reports.loadFacts();
    const values = await this.reports.loadValues();
    const parts = this.reports.parts(cell.indicator.code);
    const failedChecks: FailedCheck[] = [];
    const missingParts: DeclaredMissing[] = [];
    const reports = new Set<number>();
    const failing = new Set<number>();
    let leftOut = 0;
    for (const year of this.reports.yearsOf(cell)) {
      const kept = this.reports.behind(cell, year, facts, values);
      if (this.request.exclude.length > 0) leftOut += this.reports.behind(cell, year, facts, values, true).length - kept.length;
      for (const report of kept) {
        reports.add(report.id);
        const q = this.reports.reportQuality(report, parts, facts, values);
        failedChecks.push(...q.failedChecks);
        missingParts.push(...q.missingParts);
        if (q.failedChecks.length > 0) failing.add(report.id);
      }
    }
    return { reports: reports.size, failedChecks, missingParts, reportsWithFailures: failing.size, reportsLeftOut: leftOut };
  }

  /** Ids of the reports behind the cell that print one of its parts (ROLLUP and BEST sources). */
  async sources(cell: CellRef): Promise<number[]> {
    const { facts } = await this.reports.ready();
    const values = await this.reports.loadValues();
    const parts = this.reports.parts(cell.indicator.code);
    const ids = new Set<number>();
    for (const year of this.reports.yearsOf(cell)) {
      for (const r of this.reports.behind(cell, year, facts, values)) {
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
  async filteredTable(
    measure: Measure,
    from: number,
    to: number,
    rows: readonly { key: string; jurisdiction: HierarchyRow; organ: OrganRow | null }[],
  ): Promise<BaseTable> {
    const { facts, values } = await this.reports.ready();
    const table: BaseTable = new Map();
    const valueOf = (report: ReportFact, code: string): CellValue => values?.get(report.id)?.get(code) ?? MISSING;
    for (const row of rows) {
      for (const indicator of this.request.indicators) {
        const entry = new Map<string, CellValue & { reportId?: number }>();
        const cell: CellRef = { jurisdiction: row.jurisdiction, indicator, organ: row.organ, year: null, measure, status: 'VALUE' };
        for (let year = from; year <= to; year++) {
          const behind = this.reports.behind(cell, year, facts, values);
          for (const code of this.reports.parts(indicator.code)) {
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
    const { facts, values } = await this.reports.ready();
    // The facts hold every report of the cell's scope: only a year without any of them may be a year without any report at all.
    if (!facts.byYear.has(year)) {
      const reportYears = await this.reports.storedYears();
      if (!reportYears.includes(year)) return { text: yearWithoutReports(year, reportYears), aboutPart: false };
    }
    const behind = this.reports.behind(cell, year, facts, values);
    if (behind.length === 0) {
      const leftOut = this.reports.behind(cell, year, facts, values, true);
      if (leftOut.length > 0) return { text: leftOutReason(leftOut.length, this.request.exclude), aboutPart: false };
      const reportsOf = (code: string) => facts.byYear.get(year)?.get(code) ?? NO_REPORTS;
      return {
        text: noReportReason(
          cell,
          year,
          reportsOf,
          cell.organ ? facts.byOrganYear.get(`${cell.organ.id}@${year}`) : undefined,
          this.hierarchy,
        ),
        aboutPart: false,
      };
    }
    return { text: notPrintedReason(code, year, behind, this.catalog.get(code)?.formatVersions ?? []), aboutPart: true };
  }
}
