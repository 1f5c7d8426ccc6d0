import type { DataSource } from 'typeorm';
import { SqlParameters } from '../batch';
import { ROOT_COLUMN, type HierarchyRow } from '../jurisdictions/hierarchy';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import { SqlReader } from '../sql-reader';
import type { CellValue } from './cell-value';
import {
  bestCounts,
  cellKey,
  CURRENT_REPORT,
  readCountySums,
  readMaterialised,
  ROLLUP_COUNTS,
  rollupTables,
  type BaseTable,
  type Range,
  type RollupTables,
} from './materialised';

export type Measure = 'OWN' | 'REPORTED' | 'ROLLUP' | 'BEST';

/**
 * Reads roll-ups for requests, from the tables the materialiser (rollup.materialiser.ts) keeps right.
 * Each method is a fixed number of statements whatever the number of jurisdictions, indicators and
 * years: lists are bound as one parameter, and roll-ups are grouped in SQL by subtree (at most one
 * statement per level of the roots asked for).
 */
export class RollupReader {
  private readonly reader: SqlReader;

  constructor(private readonly dataSource: DataSource) {
    this.reader = new SqlReader(dataSource);
  }

  /**
   * OWN: the government's own report; REPORTED: the jurisdiction's SUMMARY report. Read from
   * `current_value`, which holds exactly those reports' observations (see RollupMaterialiser.refreshCurrentValues).
   */
  async reportValues(measure: 'OWN' | 'REPORTED', roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (roots.length === 0 || range.codes.length === 0) return table;
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.tuples<[k: string, y: number, c: string, v: number | null, s: string, rid: number]>(
      `SELECT jurisdiction_code AS k, year AS y, indicator_code AS c, value AS v, status AS s, report_id AS rid
       FROM ${t.currentValue}
       WHERE ${p.anyOf(
         'jurisdiction_code',
         roots.map((r) => r.code),
       )} AND measure = '${measure === 'OWN' ? 'OWN' : 'REPORTED'}'
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
   * ROLLUP: sums over every OWN report in each root's subtree. Provinces and prefectures read the
   * materialised `rollup` table (one statement for both); counties are summed from their reports.
   */
  async rollupValues(roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    return this.sums(this.tables().rollup, ROLLUP_COUNTS, roots, range);
  }

  /**
   * BEST: best-available totals (best.ts); provinces and prefectures from `rollup_best`, counties from
   * their reports: a county's SUMMARY report where it has one, else its organs' OWN reports.
   */
  async bestValues(roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    return this.sums(this.tables().rollupBest, bestCounts(this.tables(), null), roots, range);
  }

  /** Sums of the roots: materialised in `materialisedTable` for provinces and prefectures, of the reports `counts` keeps for counties. */
  private async sums(materialisedTable: string, counts: string, roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (range.codes.length === 0) return table;
    await readMaterialised(this.reader, this.dataSource, materialisedTable, roots, range, table);
    const counties = roots.filter((r) => r.level === 'COUNTY').map((r) => r.code);
    await readCountySums(this.reader, this.dataSource, counties, range, counts, table);
    return table;
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

  /** Reports that contributed a value of any of `range.codes` to each root's roll-up: `${root}@${year}` → report ids. */
  async rollupSources(roots: readonly HierarchyRow[], range: Range): Promise<Map<string, { code: string; reportId: number }[]>> {
    const result = new Map<string, { code: string; reportId: number }[]>();
    const t = this.tables();
    for (const [level, group] of byLevel(roots)) {
      const column = ROOT_COLUMN[level];
      const p = new SqlParameters(this.dataSource);
      const rows = await this.reader.tuples<[k: string, y: number, c: string, rid: number]>(
        `SELECT ${column} AS k, r.year AS y, o.indicator_code AS c, r.id AS rid
         FROM ${t.observation} o INNER JOIN ${t.report} r ON r.id = o.report_id INNER JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
         WHERE ${CURRENT_REPORT} AND r.year BETWEEN ${p.bind(range.from)} AND ${p.bind(range.to)}
           AND ${p.anyOf('o.indicator_code', range.codes)} AND ${ROLLUP_COUNTS} AND ${p.anyOf(
             column,
             group.map((r) => r.code),
           )}
         ORDER BY r.id`,
        p.values,
      );
      for (const [k, y, c, rid] of rows) {
        const key = `${k}@${y}`;
        const list = result.get(key) ?? [];
        list.push({ code: c, reportId: Number(rid) });
        result.set(key, list);
      }
    }
    return result;
  }

  private tables(): RollupTables {
    return rollupTables(this.dataSource);
  }
}

function byLevel(roots: readonly HierarchyRow[]): Map<JurisdictionLevel, HierarchyRow[]> {
  const groups = new Map<JurisdictionLevel, HierarchyRow[]>();
  for (const root of roots) groups.set(root.level, [...(groups.get(root.level) ?? []), root]);
  return groups;
}
