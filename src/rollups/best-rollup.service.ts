import type { DataSource, EntityManager } from 'typeorm';
import { SqlParameters } from '../batch';
import type { HierarchyRow } from '../jurisdictions/hierarchy';
import { ObservationEntity } from '../observations/observation.entity';
import { quotedPath } from '../organs/organ.registry';
import { ReportEntity } from '../reports/report.entity';
import { SqlReader } from '../sql-reader';
import { RollupBestEntity } from './rollup-best.entity';
import { readMaterialised, setMaterialised, type BaseTable, type MaterialisedRow, type Range } from './materialised';

/** Roots whose BEST is materialised, by the column naming the root, and the jurisdiction's ancestors within such a subtree. */
const ROOTS = {
  province_code: { level: 'PROVINCE', ancestors: 'j.prefecture_code, j.province_code' },
  prefecture_code: { level: 'PREFECTURE', ancestors: 'j.prefecture_code' },
} as const;
type RootColumn = keyof typeof ROOTS;
const ROOT_COLUMNS = Object.keys(ROOTS) as RootColumn[];

/**
 * The SQL of best-available totals (measure BEST, rules in best.ts). Provinces and prefectures are
 * materialised in `rollup_best` (same shape as `rollup`), recomputed in the transaction of every change
 * of a report through RollupService.refresh and refreshCurrentValues (a SUMMARY report changes BEST
 * without touching `rollup`), and rebuilt after a bulk load; counties are computed from their reports
 * when asked. A report counts for a root when it is current and either an OWN report of a jurisdiction
 * of which neither it nor any ancestor within the root's subtree has a current SUMMARY, or the latest
 * current SUMMARY of a jurisdiction none of whose ancestors within the subtree has one. The hierarchy
 * has three levels, so the ancestors within a subtree are the jurisdiction's prefecture and province.
 */
export class BestRollupService {
  private readonly reader: SqlReader;
  private names: { best: string; report: string; observation: string; jurisdiction: string } | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.reader = new SqlReader(dataSource);
  }

  async values(roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (range.codes.length === 0) return table;
    await readMaterialised(this.reader, this.dataSource, this.tables().best, roots, range, table);
    const counties = roots.filter((r) => r.level === 'COUNTY').map((r) => r.code);
    if (counties.length === 0) return table;
    // A county has no jurisdiction below it: its SUMMARY report where it has one, else its organs' OWN reports.
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.tuples<MaterialisedRow>(
      `SELECT r.jurisdiction_code AS k, r.year AS y, o.indicator_code AS c,
              SUM(CASE WHEN o.status = 'VALUE' THEN o.value END) AS v, SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END) AS nv
       FROM ${t.observation} o INNER JOIN ${t.report} r ON r.id = o.report_id
       WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.year BETWEEN ${p.bind(range.from)} AND ${p.bind(range.to)}
         AND ${p.anyOf('o.indicator_code', range.codes)} AND ${p.anyOf('r.jurisdiction_code', counties)}
         AND ${this.counts(null)}
       GROUP BY r.jurisdiction_code, r.year, o.indicator_code`,
      p.values,
    );
    for (const row of rows) setMaterialised(table, row);
    return table;
  }

  /**
   * Recomputes the BEST rows of the province and prefecture of `jurisdictionCode` in `year`, inside the
   * caller's transaction (which holds the roll-ups' lock of the province and year on PostgreSQL).
   */
  async refresh(manager: EntityManager, jurisdictionCode: string, year: number): Promise<void> {
    const t = this.tables();
    const p = this.dataSource.options.type === 'postgres' ? (i: number) => `$${i}` : () => '?';
    await manager.query(
      `DELETE FROM ${t.best} WHERE year = ${p(1)} AND jurisdiction_code IN (
         SELECT province_code FROM ${t.jurisdiction} WHERE code = ${p(2)}
         UNION SELECT prefecture_code FROM ${t.jurisdiction} WHERE code = ${p(3)} AND prefecture_code IS NOT NULL)`,
      [year, jurisdictionCode, jurisdictionCode],
    );
    for (const column of ROOT_COLUMNS) {
      await manager.query(
        `${this.insert(column)}
         AND r.year = ${p(1)} AND j.${column} = (SELECT ${column} FROM ${t.jurisdiction} WHERE code = ${p(2)})
         GROUP BY j.${column}, r.year, o.indicator_code`,
        [year, jurisdictionCode],
      );
    }
  }

  /** Recomputes every BEST row (after a bulk load), inside the caller's transaction. */
  async rebuild(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM ${this.tables().best}`);
    // In key order: on PostgreSQL the rebuilt heap then holds a level's roots of one indicator and year together.
    for (const column of ROOT_COLUMNS) {
      await manager.query(`${this.insert(column)} GROUP BY j.${column}, r.year, o.indicator_code ORDER BY o.indicator_code, r.year, j.${column}`);
    }
  }

  /** INSERT … SELECT of the BEST sums per `column` root, year and code; the caller adds conditions and GROUP BY. */
  private insert(column: RootColumn): string {
    const t = this.tables();
    const { level, ancestors } = ROOTS[column];
    return `INSERT INTO ${t.best} (jurisdiction_code, level, year, indicator_code, observations, value_observations, value)
      SELECT j.${column}, '${level}', r.year, o.indicator_code, COUNT(*),
             SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END), SUM(CASE WHEN o.status = 'VALUE' THEN o.value END)
      FROM ${t.report} r
      JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
      JOIN ${t.observation} o ON o.report_id = r.id
      WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND j.${column} IS NOT NULL AND ${this.counts(ancestors)}`;
  }

  /**
   * Whether the current report `r` (of jurisdiction `j`) counts: no SUMMARY at an ancestor (`ancestors`,
   * columns of `j`; null: none), and it is an OWN report of a jurisdiction without a SUMMARY, or the
   * jurisdiction's latest SUMMARY.
   */
  private counts(ancestors: string | null): string {
    const t = this.tables();
    const summary = (where: string) => `EXISTS (SELECT 1 FROM ${t.report} s WHERE s.superseded_by_id IS NULL AND s.withdrawn_at IS NULL AND s.scope = 'SUMMARY' AND s.year = r.year AND ${where})`;
    const above = ancestors ? `NOT ${summary(`s.jurisdiction_code IN (${ancestors}) AND s.jurisdiction_code <> r.jurisdiction_code`)} AND ` : '';
    return `${above}((r.scope = 'OWN' AND NOT ${summary('s.jurisdiction_code = r.jurisdiction_code')})
      OR (r.scope = 'SUMMARY' AND r.id = (SELECT MAX(x.id) FROM ${t.report} x WHERE x.superseded_by_id IS NULL AND x.withdrawn_at IS NULL AND x.scope = 'SUMMARY' AND x.year = r.year AND x.jurisdiction_code = r.jurisdiction_code)))`;
  }

  private tables() {
    const quoted = (target: unknown) => quotedPath(this.dataSource.getMetadata(target as typeof ReportEntity).tablePath);
    this.names ??= { best: quoted(RollupBestEntity), report: quoted(ReportEntity), observation: quoted(ObservationEntity), jurisdiction: quoted('jurisdiction') };
    return this.names;
  }
}
