import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { anyOf, groupBy, SqlParameters, unique } from '../batch';
import { ROOT_COLUMN, type HierarchyRow } from '../jurisdictions/hierarchy';
import { ObservationEntity } from '../observations/observation.entity';
import { ReportEntity } from '../reports/report.entity';
import type { CellValue } from '../rollups/cell-value';
import { SqlReader } from '../sql-reader';
import { OrganEntity } from './organ.entity';
import { quotedPath } from './organ.registry';

/** An organ as the API shows it. */
export interface OrganRow {
  id: number;
  jurisdictionCode: string;
  name: string;
  kind: string;
}

/** Inclusive report years; null: every year. */
export type YearSpan = { from: number; to: number } | null;

/** Key of the per-organ rows of a cells computation's base tables (jurisdictions are keyed by their code). */
export const organKey = (id: number) => `#${id}`;

/** Per organ key: `${code}@${year}` → the value in the organ's current OWN report (with that report's id). */
export type OrganValues = Map<string, Map<string, CellValue & { reportId?: number }>>;

/** Government first, then by name (code-unit order, the same on both databases). */
const byKindThenName = (a: OrganRow, b: OrganRow) =>
  (a.kind === b.kind ? 0 : a.kind === 'GOVERNMENT' ? -1 : b.kind === 'GOVERNMENT' ? 1 : a.kind < b.kind ? -1 : 1) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

/**
 * All SQL about organs. List methods take many keys and answer in one statement (per distinct year
 * span), so per-request loaders batch them. "Current" reports are the latest revisions.
 */
export class OrganService {
  private readonly reader: SqlReader;
  private tableNames: { organ: string; report: string; observation: string; jurisdiction: string } | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.reader = new SqlReader(dataSource);
  }

  async findByIds(ids: readonly number[]): Promise<(OrganRow | null)[]> {
    if (ids.length === 0) return [];
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.all<RawOrgan>(
      `SELECT id, jurisdiction_code AS j, name, kind FROM ${t.organ} WHERE ${p.anyOf('id', unique(ids))}`,
      p.values,
    );
    const byId = new Map(rows.map((r) => [Number(r.id), organOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Per jurisdiction and span: its own organs (not those of the jurisdictions below) with a current
   * report of any scope in the span, government first, then by name.
   */
  async reportingOrgans(keys: readonly { code: string; span: YearSpan }[]): Promise<OrganRow[][]> {
    const results = new Map<string, OrganRow[]>();
    const spans = new Map<string, { span: YearSpan; codes: string[] }>();
    for (const key of keys) {
      const id = JSON.stringify(key.span);
      const group = spans.get(id) ?? { span: key.span, codes: [] };
      group.codes.push(key.code);
      spans.set(id, group);
    }
    for (const [id, { span, codes }] of spans) {
      const rows = await this.organsWithReports(unique(codes), span, false);
      for (const code of codes)
        results.set(
          `${code}|${id}`,
          rows.filter((r) => r.jurisdictionCode === code),
        );
    }
    return keys.map((key) => results.get(`${key.code}|${JSON.stringify(key.span)}`) ?? []);
  }

  /** How many organs each jurisdiction has (any year, any report): what an `organsOf` selection is priced by. */
  async countOf(codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.tuples<[code: string, n: number]>(
      `SELECT jurisdiction_code AS j, COUNT(*) AS n FROM ${this.tables().organ} WHERE ${p.anyOf('jurisdiction_code', unique(codes))} GROUP BY jurisdiction_code`,
      p.values,
    );
    return new Map(rows.map(([code, n]) => [code, Number(n)]));
  }

  /** The organs of one jurisdiction itself with a current OWN report in the years: the rows of `organsOf` cells. */
  async ownReportingOrgans(code: string, from: number, to: number): Promise<OrganRow[]> {
    return this.organsWithReports([code], { from, to }, true);
  }

  /** Per organ: each year's name as its current report(s) print it, oldest first. */
  async namesOf(ids: readonly number[]): Promise<{ year: number; name: string }[][]> {
    if (ids.length === 0) return [];
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.all<{ o: number; year: number; name: string }>(
      `SELECT DISTINCT organ_id AS o, year, organ AS name FROM ${t.report}
       WHERE ${p.anyOf('organ_id', unique(ids))} AND superseded_by_id IS NULL AND withdrawn_at IS NULL ORDER BY organ_id, year, organ`,
      p.values,
    );
    return groupBy(ids, rows, (r) => Number(r.o)).map((list) => list.map((r) => ({ year: Number(r.year), name: r.name })));
  }

  /** Per organ and span: its current reports, newest year first. */
  async reportsOf(keys: readonly { organId: number; span: YearSpan }[]): Promise<ReportEntity[][]> {
    if (keys.length === 0) return [];
    const query = this.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .where('r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL')
      .andWhere(...anyOf(this.dataSource, 'r.organ_id', 'ids', unique(keys.map((k) => k.organId))))
      .orderBy('r.year', 'DESC')
      .addOrderBy('r.id', 'DESC');
    const rows = await query.getMany();
    return keys.map((key) =>
      rows.filter((r) => r.organId === key.organId && (key.span === null || (r.year >= key.span.from && r.year <= key.span.to))),
    );
  }

  /**
   * The organ's current report for a year (its latest revision), or null. For checks across an organ's
   * years (e.g. 上年结转 of year y against 结转下年度 of year y − 1); pass the transaction's manager to
   * see what it stored.
   */
  async currentReport(organId: number, year: number, manager: EntityManager = this.dataSource.manager): Promise<ReportEntity | null> {
    return manager.findOne(ReportEntity, {
      where: { organId, year, supersededById: IsNull(), withdrawnAt: IsNull() },
      order: { revision: 'DESC', id: 'DESC' },
    });
  }

  /** The same organ's current reports of the year before and the year after a report's year. */
  async neighbours(
    reportId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ previous: ReportEntity | null; next: ReportEntity | null }> {
    const report = await manager.findOne(ReportEntity, { where: { id: reportId } });
    if (!report) return { previous: null, next: null };
    const [previous, next] = await Promise.all([
      this.currentReport(report.organId, report.year - 1, manager),
      this.currentReport(report.organId, report.year + 1, manager),
    ]);
    return { previous, next };
  }

  /**
   * The organs' values from their current OWN reports, per organ key (organKey) and `${code}@${year}`:
   * an organ whose report for a year is a SUMMARY, or that has none, gives nothing (MISSING).
   */
  async ownValues(ids: readonly number[], range: { codes: readonly string[]; from: number; to: number }): Promise<OrganValues> {
    const table: OrganValues = new Map(ids.map((id) => [organKey(id), new Map()]));
    if (ids.length === 0 || range.codes.length === 0) return table;
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    // Ordered by report id: should an organ hold two current reports for a year (see the organs
    // migration), the later one answers.
    const rows = await this.reader.tuples<[o: number, y: number, c: string, v: number | null, s: string, rid: number]>(
      `SELECT r.organ_id AS o, r.year AS y, o.indicator_code AS c, o.value AS v, o.status AS s, r.id AS rid
       FROM ${t.report} r JOIN ${t.observation} o ON o.report_id = r.id
       WHERE ${p.anyOf('r.organ_id', unique(ids))} AND r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.scope = 'OWN'
         AND r.year BETWEEN ${p.bind(range.from)} AND ${p.bind(range.to)} AND ${p.anyOf('o.indicator_code', range.codes)}
       ORDER BY r.id`,
      p.values,
    );
    for (const [o, y, c, v, s, rid] of rows) {
      table.get(organKey(Number(o)))?.set(`${c}@${Number(y)}`, {
        value: s === 'VALUE' && v !== null ? Number(v) : null,
        status: s as CellValue['status'],
        reportId: Number(rid),
      });
    }
    return table;
  }

  /**
   * Per root: the organs of its subtree with the years in which each has a current OWN report, within
   * from..to. One statement per level of the roots.
   */
  async ownReportYears(
    roots: readonly HierarchyRow[],
    from: number,
    to: number,
  ): Promise<Map<string, Map<number, { organ: OrganRow; years: Set<number> }>>> {
    const result = new Map<string, Map<number, { organ: OrganRow; years: Set<number> }>>(roots.map((r) => [r.code, new Map()]));
    const t = this.tables();
    for (const level of unique(roots.map((r) => r.level))) {
      const column = ROOT_COLUMN[level];
      const p = new SqlParameters(this.dataSource);
      const rows = await this.reader.all<RawOrgan & { k: string; y: number }>(
        `SELECT DISTINCT ${column} AS k, g.id, g.jurisdiction_code AS j, g.name, g.kind, r.year AS y
         FROM ${t.report} r JOIN ${t.organ} g ON g.id = r.organ_id JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
         WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.scope = 'OWN' AND r.year BETWEEN ${p.bind(from)} AND ${p.bind(to)}
           AND ${p.anyOf(
             column,
             roots.filter((r) => r.level === level).map((r) => r.code),
           )}`,
        p.values,
      );
      for (const row of rows) {
        const organs = result.get(row.k);
        if (!organs) continue;
        const id = Number(row.id);
        let entry = organs.get(id);
        if (!entry) organs.set(id, (entry = { organ: organOf(row), years: new Set() }));
        entry.years.add(Number(row.y));
      }
    }
    return result;
  }

  private async organsWithReports(codes: readonly string[], span: YearSpan, ownOnly: boolean): Promise<OrganRow[]> {
    if (codes.length === 0) return [];
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.all<RawOrgan>(
      `SELECT g.id, g.jurisdiction_code AS j, g.name, g.kind FROM ${t.organ} g
       WHERE ${p.anyOf('g.jurisdiction_code', codes)} AND EXISTS (
         SELECT 1 FROM ${t.report} r WHERE r.organ_id = g.id AND r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL${ownOnly ? " AND r.scope = 'OWN'" : ''}${
           span ? ` AND r.year BETWEEN ${p.bind(span.from)} AND ${p.bind(span.to)}` : ''
         })`,
      p.values,
    );
    return rows.map(organOf).sort(byKindThenName);
  }

  private tables() {
    const quoted = (target: unknown) => quotedPath(this.dataSource.getMetadata(target as typeof OrganEntity).tablePath);
    this.tableNames ??= {
      organ: quoted(OrganEntity),
      report: quoted(ReportEntity),
      observation: quoted(ObservationEntity),
      jurisdiction: quoted('jurisdiction'),
    };
    return this.tableNames;
  }
}

interface RawOrgan {
  id: number;
  j: string;
  name: string;
  kind: string;
}

function organOf(row: RawOrgan): OrganRow {
  return { id: Number(row.id), jurisdictionCode: row.j, name: row.name, kind: row.kind };
}
