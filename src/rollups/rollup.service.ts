import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { anyOf, chunk, SqlParameters } from '../batch';
import type { HierarchyRow } from '../jurisdictions/hierarchy';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import { ObservationEntity } from '../observations/observation.entity';
import { ReportEntity } from '../reports/report.entity';
import { baseCodesOf, ruleOf, valueInYear, type IndicatorRule } from './aggregation';
import { MISSING, type CellValue } from './cell-value';
import { CurrentValueEntity } from './current-value.entity';
import { RollupDerivedEntity } from './rollup-derived.entity';
import { RollupEntity } from './rollup.entity';
import { SqlReader } from '../sql-reader';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { BestRollupService } from './best-rollup.service';
import { cellKey, readMaterialised, setMaterialised, type BaseTable, type MaterialisedRow, type Range } from './materialised';

export type Measure = 'OWN' | 'REPORTED' | 'ROLLUP' | 'BEST';

export { cellKey, type BaseTable, type Range } from './materialised';

/**
 * Roll-ups group the OWN reports of a subtree by the column that names the subtree's root: every
 * jurisdiction stores its province and prefecture, so a subtree is one equality, not a recursion.
 */
const GROUP_COLUMN: Record<JurisdictionLevel, string> = { PROVINCE: 'j.province_code', PREFECTURE: 'j.prefecture_code', COUNTY: 'j.code' };

/** Levels whose roll-ups are materialised in the `rollup` table (by the column naming the root); counties are summed from their reports. */
const MATERIALISED = { province_code: 'PROVINCE', prefecture_code: 'PREFECTURE' } as const;
type MaterialisedColumn = keyof typeof MATERIALISED;
const MATERIALISED_COLUMNS = Object.keys(MATERIALISED) as MaterialisedColumn[];

/** Namespace of the PostgreSQL advisory locks that serialise roll-up refreshes per province and year. */
const ROLLUP_LOCK = 0x4f6769;

/**
 * All SQL of roll-ups. Each method is a fixed number of statements whatever the number of
 * jurisdictions, indicators and years: lists are bound as one parameter, and roll-ups are grouped
 * in SQL by subtree (at most one statement per level of the roots asked for).
 */
export class RollupService {
  private tableNames: ReturnType<RollupService['quotedTables']> | null = null;

  private readonly reader: SqlReader;
  private readonly best: BestRollupService;

  constructor(private readonly dataSource: DataSource) {
    this.reader = new SqlReader(dataSource);
    this.best = new BestRollupService(dataSource);
  }

  /**
   * OWN: the government's own report; REPORTED: the jurisdiction's SUMMARY report. Read from
   * `current_value`, which holds exactly those reports' observations (see refreshCurrentValues).
   */
  async reportValues(measure: 'OWN' | 'REPORTED', roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (roots.length === 0 || range.codes.length === 0) return table;
    // Written out (no query builder): this is the hot path of every OWN/REPORTED request.
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.tuples<[k: string, y: number, c: string, v: number | null, s: string, rid: number]>(
      `SELECT jurisdiction_code AS k, year AS y, indicator_code AS c, value AS v, status AS s, report_id AS rid
       FROM ${t.currentValue}
       WHERE ${p.anyOf('jurisdiction_code', roots.map((r) => r.code))} AND measure = '${measure === 'OWN' ? 'OWN' : 'REPORTED'}'
         AND ${p.anyOf('indicator_code', range.codes)} AND year BETWEEN ${p.bind(range.from)} AND ${p.bind(range.to)}`,
      p.values,
    );
    for (const [k, y, c, v, s, rid] of rows) {
      table.get(k)?.set(cellKey(c, Number(y)), {
        value: s === 'VALUE' && v !== null ? Number(v) : null,
        status: s as CellValue['status'],
        reportId: Number(rid),
      });
    }
    return table;
  }

  /**
   * Recomputes `current_value` inside the caller's transaction, for one jurisdiction and year (after a
   * report of it was stored) or for all (null: after a bulk load). For each jurisdiction
   * and year: OWN from the latest current government OWN report, REPORTED from the latest current
   * SUMMARY report (latest: the highest id, i.e. the last imported, should two organs file one), all of
   * its observations — the reports `measure: OWN` and `REPORTED` answer from, each for its jurisdiction
   * and year as a whole. The migration that made the table runs the same statement. On PostgreSQL the roll-ups' advisory lock of the
   * province and year serialises concurrent refreshes, so the last one sees every committed report.
   */
  async refreshCurrentValues(manager: EntityManager, at: { jurisdictionCode: string; year: number } | null): Promise<void> {
    if (at && this.dataSource.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [ROLLUP_LOCK, Number(at.jurisdictionCode.slice(0, 2)) * 10000 + at.year]);
    }
    const t = this.tables();
    const only = (p: SqlParameters) => (at ? ` AND jurisdiction_code = ${p.bind(at.jurisdictionCode)} AND year = ${p.bind(at.year)}` : '');
    const remove = new SqlParameters(this.dataSource);
    await manager.query(`DELETE FROM ${t.currentValue} WHERE 1 = 1${only(remove)}`, remove.values);
    const insert = new SqlParameters(this.dataSource);
    // In key order: on SQLite the table's pages are then written in order, densely.
    await manager.query(
      `INSERT INTO ${t.currentValue} (jurisdiction_code, measure, indicator_code, year, value, status, report_id)
       SELECT r.jurisdiction_code, CASE WHEN r.scope = 'SUMMARY' THEN 'REPORTED' ELSE 'OWN' END, o.indicator_code, r.year, o.value, o.status, r.id
       FROM ${t.report} r JOIN ${t.observation} o ON o.report_id = r.id
       WHERE r.id IN (
         SELECT MAX(id) FROM ${t.report}
         WHERE superseded_by_id IS NULL AND withdrawn_at IS NULL AND ((scope = 'OWN' AND organ_kind = 'GOVERNMENT') OR scope = 'SUMMARY')${only(insert)}
         GROUP BY jurisdiction_code, year, scope)
       ORDER BY 1, 2, 3, 4`,
      insert.values,
    );
    // BEST reads SUMMARY reports as well as OWN ones: any change of a report of the jurisdiction and year may change it.
    if (at) await this.best.refresh(manager, at.jurisdictionCode, at.year);
  }

  /**
   * ROLLUP: sums over every OWN report in each root's subtree. Provinces and prefectures read the
   * materialised `rollup` table (one statement for both); counties are summed from their reports.
   */
  async rollupValues(roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (range.codes.length === 0) return table;
    await readMaterialised(this.reader, this.dataSource, this.tables().rollup, roots, range, table);
    const counties = roots.filter((r) => r.level === 'COUNTY').map((r) => r.code);
    if (counties.length > 0) {
      const t = this.tables();
      const p = new SqlParameters(this.dataSource);
      const rows = await this.reader.tuples<MaterialisedRow>(
        `SELECT r.jurisdiction_code AS k, r.year AS y, o.indicator_code AS c,
                SUM(CASE WHEN o.status = 'VALUE' THEN o.value END) AS v, SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END) AS nv
         FROM ${t.observation} o INNER JOIN ${t.report} r ON r.id = o.report_id
         WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.year BETWEEN ${p.bind(range.from)} AND ${p.bind(range.to)}
           AND ${p.anyOf('o.indicator_code', range.codes)} AND r.scope = 'OWN' AND ${p.anyOf('r.jurisdiction_code', counties)}
         GROUP BY r.jurisdiction_code, r.year, o.indicator_code`,
        p.values,
      );
      for (const row of rows) setMaterialised(table, row);
    }
    return table;
  }

  /** BEST: best-available totals (best.ts); provinces and prefectures from `rollup_best`, counties from their reports. */
  bestValues(roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    return this.best.values(roots, range);
  }

  /**
   * Recomputes the materialised roll-ups a change of an OWN report of `jurisdictionCode` in `year`
   * touches (its province's and prefecture's), inside the caller's transaction, from the reports as
   * they now are: the same sums `rollupValues` would make from the reports. On PostgreSQL an advisory
   * lock per province and year serialises concurrent refreshes, so the last one sees every committed
   * report (READ COMMITTED: each statement sees what was committed before it started).
   */
  async refresh(manager: EntityManager, jurisdictionCode: string, year: number): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [ROLLUP_LOCK, Number(jurisdictionCode.slice(0, 2)) * 10000 + year]);
    }
    const t = this.tables();
    const p = this.dataSource.options.type === 'postgres' ? (i: number) => `$${i}` : () => '?';
    await manager.query(
      `DELETE FROM ${t.rollup} WHERE year = ${p(1)} AND jurisdiction_code IN (
         SELECT province_code FROM ${t.jurisdiction} WHERE code = ${p(2)}
         UNION SELECT prefecture_code FROM ${t.jurisdiction} WHERE code = ${p(3)} AND prefecture_code IS NOT NULL)`,
      [year, jurisdictionCode, jurisdictionCode],
    );
    for (const column of MATERIALISED_COLUMNS) {
      await manager.query(
        `${this.rollupInsert(column)}
         AND r.year = ${p(1)} AND j.${column} = (SELECT ${column} FROM ${t.jurisdiction} WHERE code = ${p(2)})
         GROUP BY j.${column}, r.year, o.indicator_code`,
        [year, jurisdictionCode],
      );
    }
    const [roots] = await manager.query<{ province: string; prefecture: string | null }[]>(
      `SELECT province_code AS province, prefecture_code AS prefecture FROM ${t.jurisdiction} WHERE code = ${p(1)}`,
      [jurisdictionCode],
    );
    if (roots) await this.refreshDerived(manager, [roots.province, ...(roots.prefecture ? [roots.prefecture] : [])], year);
    // A caller that changed an OWN report only may call this alone: BEST follows it here too.
    await this.best.refresh(manager, jurisdictionCode, year);
  }

  /**
   * Recomputes the derived indicators of materialised roll-ups (`rollup_derived`) from their `rollup`
   * rows, inside the caller's transaction: of the given roots (null: all) in the given year (null: all).
   * Each value is what the formula gives on the roll-up's aggregated parts, as `measure: ROLLUP` does.
   */
  async refreshDerived(manager: EntityManager, roots: readonly string[] | null, year: number | null): Promise<void> {
    const t = this.tables();
    const rules = await this.derivedRules(manager);
    const where = (p: SqlParameters) =>
      [...(roots ? [p.anyOf('jurisdiction_code', roots)] : []), ...(year !== null ? [`year = ${p.bind(year)}`] : [])].join(' AND ') || '1 = 1';
    const remove = new SqlParameters(this.dataSource);
    await manager.query(`DELETE FROM ${t.rollupDerived} WHERE ${where(remove)}`, remove.values);
    if (rules.size === 0) return;

    const parts = new Set<string>();
    for (const code of rules.keys()) baseCodesOf(code, rules, parts);
    const read = new SqlParameters(this.dataSource);
    const base = await manager.query<{ k: string; l: string; y: number; c: string; v: number | null; nv: number }[]>(
      `SELECT jurisdiction_code AS k, level AS l, year AS y, indicator_code AS c, value AS v, value_observations AS nv
       FROM ${t.rollup} WHERE ${where(read)} AND ${read.anyOf('indicator_code', [...parts])}`,
      read.values,
    );
    const byRoot = new Map<string, { root: string; level: string; year: number; values: Map<string, CellValue> }>();
    for (const row of base) {
      const key = cellKey(row.k, Number(row.y));
      let entry = byRoot.get(key);
      if (!entry) byRoot.set(key, (entry = { root: row.k, level: row.l, year: Number(row.y), values: new Map() }));
      entry.values.set(row.c, Number(row.nv) > 0 ? { value: Number(row.v), status: 'VALUE' } : { value: null, status: 'BLANK' });
    }
    const rows: unknown[][] = [];
    for (const { root, level, year: y, values } of byRoot.values()) {
      const lookup = (code: string) => values.get(code) ?? MISSING;
      for (const code of rules.keys()) {
        const cell = valueInYear(code, y, rules, lookup);
        if (cell.status !== 'MISSING') rows.push([code, y, level, root, cell.status, cell.value, cell.reason ?? null]);
      }
    }
    // In key order (indicator, year, level, root): on PostgreSQL, whose tables are heaps, a rebuilt table
    // then holds one ranking's rows (an indicator, year and level) in a few neighbouring pages, not one page each.
    const keyed = rows.map((row) => ({ key: `${String(row[0])}\u0000${String(row[1])}\u0000${String(row[2])}\u0000${String(row[3])}`, row }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const sorted = keyed.map((k) => k.row);
    for (const part of chunk(sorted, 500)) {
      const p = new SqlParameters(this.dataSource);
      const values = part.map((row) => `(${row.map((value) => p.bind(value)).join(', ')})`).join(', ');
      await manager.query(`INSERT INTO ${t.rollupDerived} (indicator_code, year, level, jurisdiction_code, status, value, reason) VALUES ${values}`, p.values);
    }
  }

  /** Rules of the catalog's derived indicators (those with a formula), from the indicator table. */
  private async derivedRules(manager: EntityManager): Promise<Map<string, IndicatorRule>> {
    const rows = await manager.query<{ code: string; formula: string }[]>(`SELECT code, formula FROM ${this.tables().indicator} WHERE formula IS NOT NULL AND formula <> ''`);
    return new Map(rows.map((r) => [r.code, ruleOf({ code: r.code, timeAggregation: 'derived', formatVersions: [], formula: r.formula })]));
  }

  /**
   * A ranking over materialised roll-ups (provinces and prefectures), in SQL: how many of the roots have
   * a number for `code` in `year`, and the first `first` of them by value (ties in code order, as the
   * in-memory ranking orders them). Base codes read `rollup`, derived codes `rollup_derived`. Roots that
   * are every jurisdiction of their levels (`codes` null) are those levels' key ranges, no list needed.
   */
  async rankedRollups(
    code: string,
    derived: boolean,
    year: number,
    roots: { levels: readonly JurisdictionLevel[]; codes: readonly string[] | null },
    order: 'ASC' | 'DESC',
    first: number,
  ): Promise<{ count: number; top: { code: string; value: number }[] }> {
    const t = this.tables();
    const where = (p: SqlParameters) =>
      `indicator_code = ${p.bind(code)} AND year = ${p.bind(year)} AND ${p.anyOf('level', roots.levels)}` +
      (roots.codes ? ` AND ${p.anyOf('jurisdiction_code', roots.codes)}` : '') +
      (derived ? ` AND status = 'VALUE' AND value IS NOT NULL` : ' AND value_observations > 0');
    const table = derived ? t.rollupDerived : t.rollup;
    // One statement (one round trip on PostgreSQL); the count is an uncorrelated subquery, run once.
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.all<{ k: string; v: number; n: number }>(
      `SELECT jurisdiction_code AS k, value AS v, (SELECT COUNT(*) FROM ${table} WHERE ${where(p)}) AS n FROM ${table} WHERE ${where(p)}
       ORDER BY value ${order === 'ASC' ? 'ASC' : 'DESC'}, jurisdiction_code ASC LIMIT ${p.bind(first)}`,
      p.values,
    );
    const n = rows.length > 0 ? rows[0].n : 0;
    return { count: Number(n), top: rows.map((r) => ({ code: r.k, value: Number(r.v) })) };
  }

  /** Recomputes every materialised roll-up, its derived values, the best-available totals and the current values (after a bulk load that bypassed the report store). */
  async rebuild(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.refreshCurrentValues(manager, null);
      await manager.query(`DELETE FROM ${this.tables().rollup}`);
      // In key order: on PostgreSQL the rebuilt heap then holds a level's roots of one indicator and year together.
      for (const column of MATERIALISED_COLUMNS) {
        await manager.query(`${this.rollupInsert(column)} GROUP BY j.${column}, r.year, o.indicator_code ORDER BY o.indicator_code, r.year, j.${column}`);
      }
      await this.refreshDerived(manager, null, null);
      await this.best.rebuild(manager);
    });
  }

  /** INSERT … SELECT of the sums per `column` root, year and code; the caller adds conditions and GROUP BY. */
  private rollupInsert(column: MaterialisedColumn): string {
    const t = this.tables();
    return `INSERT INTO ${t.rollup} (jurisdiction_code, level, year, indicator_code, observations, value_observations, value)
      SELECT j.${column}, '${MATERIALISED[column]}', r.year, o.indicator_code, COUNT(*),
             SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END), SUM(CASE WHEN o.status = 'VALUE' THEN o.value END)
      FROM ${t.report} r
      JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
      JOIN ${t.observation} o ON o.report_id = r.id
      WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.scope = 'OWN' AND j.${column} IS NOT NULL`;
  }

  /** Quoted (schema-qualified on PostgreSQL) table names for the statements written out in full; made once. */
  private tables() {
    this.tableNames ??= this.quotedTables();
    return this.tableNames;
  }

  private quotedTables() {
    const quoted = (target: unknown) =>
      this.dataSource
        .getMetadata(target as typeof RollupEntity)
        .tablePath.split('.')
        .map((part) => `"${part}"`)
        .join('.');
    return {
      rollup: quoted(RollupEntity),
      rollupDerived: quoted(RollupDerivedEntity),
      currentValue: quoted(CurrentValueEntity),
      report: quoted(ReportEntity),
      observation: quoted(ObservationEntity),
      jurisdiction: quoted('jurisdiction'),
      indicator: quoted(IndicatorEntity),
    };
  }

  /** Reports that contributed a value of any of `range.codes` to each root's roll-up: `${root}@${year}` → report ids. */
  async rollupSources(roots: readonly HierarchyRow[], range: Range): Promise<Map<string, { code: string; reportId: number }[]>> {
    const result = new Map<string, { code: string; reportId: number }[]>();
    for (const [level, group] of byLevel(roots)) {
      const column = GROUP_COLUMN[level];
      const rows = await this.observations(range)
        .innerJoin('jurisdiction', 'j', 'j.code = r.jurisdiction_code')
        .select([`${column} AS k`, 'r.year AS y', 'o.indicator_code AS c', 'r.id AS rid'])
        .andWhere("r.scope = 'OWN'")
        .andWhere(...anyOf(this.dataSource, column, 'roots', group.map((r) => r.code)))
        .orderBy('r.id')
        .getRawMany<{ k: string; y: number; c: string; rid: number }>();
      for (const row of rows) {
        const key = `${row.k}@${row.y}`;
        const list = result.get(key) ?? [];
        list.push({ code: row.c, reportId: Number(row.rid) });
        result.set(key, list);
      }
    }
    return result;
  }

  /** Current observations of the codes and years asked for, joined to their report as `r`. */
  private observations(range: Range): SelectQueryBuilder<ObservationEntity> {
    return this.dataSource
      .getRepository(ObservationEntity)
      .createQueryBuilder('o')
      .innerJoin('report', 'r', 'r.id = o.report_id')
      .where('r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL')
      .andWhere('r.year BETWEEN :from AND :to', { from: range.from, to: range.to })
      .andWhere(...anyOf(this.dataSource, 'o.indicator_code', 'codes', range.codes));
  }
}

function byLevel(roots: readonly HierarchyRow[]): Map<JurisdictionLevel, HierarchyRow[]> {
  const groups = new Map<JurisdictionLevel, HierarchyRow[]>();
  for (const root of roots) groups.set(root.level, [...(groups.get(root.level) ?? []), root]);
  return groups;
}
