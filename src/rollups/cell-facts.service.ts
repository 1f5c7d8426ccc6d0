import type { DataSource } from 'typeorm';
import { SqlParameters, unique } from '../batch';
import type { MissingPart } from '../reports/report-terms';
import { ROOT_COLUMN, type HierarchyRow } from '../jurisdictions/hierarchy';
import { ObservationEntity } from '../observations/observation.entity';
import { quotedPath } from '../organs/organ.registry';
import { ReportEntity } from '../reports/report.entity';
import { SqlReader } from '../sql-reader';
import type { ReportFact } from './best';
import type { CellValue } from './cell-value';

/** Which reports a request's cells stand on: the subtrees of its jurisdictions, the jurisdictions themselves, or organs. */
export type FactsScope = { kind: 'SUBTREE' | 'SELF'; roots: readonly HierarchyRow[] } | { kind: 'ORGANS'; organIds: readonly number[] };

/** Values of some codes per report id: code → value. */
export type ReportValues = Map<number, Map<string, CellValue>>;

/**
 * The SQL behind coverage, composition, quality and reasons of cells: the current reports a request's
 * cells stand on, and the values of some codes in them. One statement per level of the roots (a
 * subtree is one equality on the column naming its root), whatever the number of jurisdictions.
 */
export class CellFactsService {
  private readonly reader: SqlReader;
  private names: { report: string; observation: string; jurisdiction: string } | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.reader = new SqlReader(dataSource);
  }

  /** Current reports (latest revisions) of any scope in the years. */
  async reports(scope: FactsScope, from: number, to: number): Promise<ReportFact[]> {
    // By id: a report lies in the subtrees of roots of several levels (a county, its prefecture, its province).
    const facts = new Map<number, ReportFact>();
    for (const condition of this.conditions(scope)) {
      const t = this.tables();
      const p = new SqlParameters(this.dataSource);
      const rows = await this.reader.tuples<
        [number, string, number, number, string, string, string, string | null, string | null, string | null]
      >(
        `SELECT r.id, r.jurisdiction_code, r.year, r.organ_id, r.organ, r.organ_kind, r.scope, r.format_version, r.source_url, r.missing_parts
         FROM ${t.report} r JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
         WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.year BETWEEN ${p.bind(from)} AND ${p.bind(to)} AND ${condition(p)}`,
        p.values,
      );
      for (const [id, jurisdictionCode, year, organId, organ, organKind, reportScope, formatVersion, sourceUrl, missing] of rows) {
        if (facts.has(Number(id))) continue;
        facts.set(Number(id), {
          id: Number(id),
          jurisdictionCode,
          year: Number(year),
          organId: Number(organId),
          organ,
          organKind,
          scope: reportScope,
          formatVersion,
          sourceUrl,
          missingParts: missing ? (JSON.parse(missing) as MissingPart[]) : null,
        });
      }
    }
    return [...facts.values()].sort((a, b) => a.id - b.id);
  }

  /** The values of `codes` in the current reports of the scope and years: report id → code → value. */
  async values(scope: FactsScope, from: number, to: number, codes: readonly string[]): Promise<ReportValues> {
    const values: ReportValues = new Map();
    if (codes.length === 0) return values;
    for (const condition of this.conditions(scope)) {
      const t = this.tables();
      const p = new SqlParameters(this.dataSource);
      const rows = await this.reader.tuples<[number, string, number | null, string]>(
        `SELECT o.report_id, o.indicator_code, o.value, o.status
         FROM ${t.report} r JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code JOIN ${t.observation} o ON o.report_id = r.id
         WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.year BETWEEN ${p.bind(from)} AND ${p.bind(to)} AND ${condition(p)} AND ${p.anyOf('o.indicator_code', unique(codes))}`,
        p.values,
      );
      for (const [reportId, code, value, status] of rows) {
        const id = Number(reportId);
        let report = values.get(id);
        if (!report) values.set(id, (report = new Map()));
        report.set(code, { value: status === 'VALUE' && value !== null ? Number(value) : null, status: status as CellValue['status'] });
      }
    }
    return values;
  }

  /** The years on which any current report is, oldest first. */
  async reportYears(): Promise<number[]> {
    const rows = await this.reader.tuples<[number]>(
      `SELECT DISTINCT year FROM ${this.tables().report} WHERE superseded_by_id IS NULL AND withdrawn_at IS NULL ORDER BY year`,
      [],
    );
    return rows.map(([year]) => Number(year));
  }

  /** One condition per level of the roots (or one for organs); each binds its own parameters. */
  private conditions(scope: FactsScope): ((p: SqlParameters) => string)[] {
    if (scope.kind === 'ORGANS') return scope.organIds.length > 0 ? [(p) => p.anyOf('r.organ_id', unique(scope.organIds))] : [];
    if (scope.kind === 'SELF')
      return scope.roots.length > 0
        ? [
            (p) =>
              p.anyOf(
                'r.jurisdiction_code',
                scope.roots.map((r) => r.code),
              ),
          ]
        : [];
    const levels = unique(scope.roots.map((r) => r.level));
    return levels.map(
      (level) => (p: SqlParameters) =>
        p.anyOf(
          ROOT_COLUMN[level],
          scope.roots.filter((r) => r.level === level).map((r) => r.code),
        ),
    );
  }

  private tables() {
    const quoted = (target: unknown) => quotedPath(this.dataSource.getMetadata(target as typeof ReportEntity).tablePath);
    this.names ??= { report: quoted(ReportEntity), observation: quoted(ObservationEntity), jurisdiction: quoted('jurisdiction') };
    return this.names;
  }
}
