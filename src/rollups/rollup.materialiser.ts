import type { DataSource, EntityManager } from 'typeorm';
import { chunk, SqlParameters } from '../batch';
import { baseCodesOf, ruleOf, valueInYear, type IndicatorRule } from './aggregation';
import { MISSING, type CellValue } from './cell-value';
import {
  bestCounts,
  cellKey,
  CURRENT_REPORT,
  MATERIALISED_ROOTS,
  ROLLUP_COUNTS,
  ROLLUP_SUM,
  ROOT_COLUMNS,
  rollupTables,
  type RollupTables,
  type RootColumn,
} from './materialised';

/** Namespace of the PostgreSQL advisory locks that serialise roll-up refreshes per province and year. */
const ROLLUP_LOCK = 0x4f6769;

/**
 * The tables of sums kept per province and prefecture, and which reports each adds (a condition on the
 * current report `r` of jurisdiction `j`, given the root column): `rollup` every OWN report (ROLLUP),
 * `rollup_best` the best-available ones (BEST, rules in best.ts).
 */
interface Summed {
  table: (t: RollupTables) => string;
  counts: (t: RollupTables, column: RootColumn) => string;
}
const ROLLUP: Summed = { table: (t) => t.rollup, counts: () => ROLLUP_COUNTS };
const BEST: Summed = { table: (t) => t.rollupBest, counts: (t, column) => bestCounts(t, MATERIALISED_ROOTS[column].ancestors) };

/**
 * Keeps the materialised tables right: `current_value` (OWN and REPORTED of the current reports),
 * `rollup` and `rollup_best` (sums per province and prefecture) and `rollup_derived` (derived indicators
 * of those roll-ups). The report store and curation call it inside the transaction of every change of a
 * report; bulk loads rebuild everything. The roll-up reader (rollup.reader.ts) reads what it writes.
 */
export class RollupMaterialiser {
  constructor(private readonly dataSource: DataSource) {}

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
    if (at) await this.lock(manager, at.jurisdictionCode, at.year);
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
    if (at) await this.refreshSums(manager, BEST, at.jurisdictionCode, at.year);
  }

  /**
   * Recomputes the materialised roll-ups a change of an OWN report of `jurisdictionCode` in `year`
   * touches (its province's and prefecture's), inside the caller's transaction, from the reports as
   * they now are: the same sums the reader makes of the reports for a county. On PostgreSQL an advisory
   * lock per province and year serialises concurrent refreshes, so the last one sees every committed
   * report (READ COMMITTED: each statement sees what was committed before it started).
   */
  async refresh(manager: EntityManager, jurisdictionCode: string, year: number): Promise<void> {
    await this.lock(manager, jurisdictionCode, year);
    await this.refreshSums(manager, ROLLUP, jurisdictionCode, year);
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const [roots] = await manager.query<{ province: string; prefecture: string | null }[]>(
      `SELECT province_code AS province, prefecture_code AS prefecture FROM ${t.jurisdiction} WHERE code = ${p.bind(jurisdictionCode)}`,
      p.values,
    );
    if (roots) await this.refreshDerived(manager, [roots.province, ...(roots.prefecture ? [roots.prefecture] : [])], year);
    // A caller that changed an OWN report only may call this alone: BEST follows it here too.
    await this.refreshSums(manager, BEST, jurisdictionCode, year);
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
      [...(roots ? [p.anyOf('jurisdiction_code', roots)] : []), ...(year !== null ? [`year = ${p.bind(year)}`] : [])].join(' AND ') ||
      '1 = 1';
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
    const keyed = rows.map((row) => ({
      key: `${String(row[0])}\u0000${String(row[1])}\u0000${String(row[2])}\u0000${String(row[3])}`,
      row,
    }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const sorted = keyed.map((k) => k.row);
    for (const part of chunk(sorted, 500)) {
      const p = new SqlParameters(this.dataSource);
      const values = part.map((row) => `(${row.map((value) => p.bind(value)).join(', ')})`).join(', ');
      await manager.query(
        `INSERT INTO ${t.rollupDerived} (indicator_code, year, level, jurisdiction_code, status, value, reason) VALUES ${values}`,
        p.values,
      );
    }
  }

  /**
   * Fills `rollup_derived` when it is empty while `rollup` is not: a database whose roll-ups were stored
   * before the table existed (its migration only creates it). Run at startup, with the reference data
   * (reference-data.loader.ts): one indexed probe when there is nothing to do.
   */
  async fillDerivedIfEmpty(manager: EntityManager): Promise<void> {
    const t = this.tables();
    const [missing] = await manager.query<unknown[]>(
      `SELECT 1 AS m FROM ${t.rollup} WHERE NOT EXISTS (SELECT 1 FROM ${t.rollupDerived}) LIMIT 1`,
    );
    if (missing) await this.refreshDerived(manager, null, null);
  }

  /** Rules of the catalog's derived indicators (those with a formula), from the indicator table. */
  private async derivedRules(manager: EntityManager): Promise<Map<string, IndicatorRule>> {
    const rows = await manager.query<{ code: string; formula: string }[]>(
      `SELECT code, formula FROM ${this.tables().indicator} WHERE formula IS NOT NULL AND formula <> ''`,
    );
    return new Map(rows.map((r) => [r.code, ruleOf({ code: r.code, timeAggregation: 'derived', formatVersions: [], formula: r.formula })]));
  }

  /**
   * Recomputes every materialised roll-up, its derived values, the best-available totals and the current values (after a bulk load that
   * bypassed the report store).
   */
  async rebuild(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.refreshCurrentValues(manager, null);
      await this.rebuildSums(manager, ROLLUP);
      await this.refreshDerived(manager, null, null);
      await this.rebuildSums(manager, BEST);
    });
  }

  /** On PostgreSQL, the transaction's advisory lock of the province of `jurisdictionCode` and `year`. */
  private async lock(manager: EntityManager, jurisdictionCode: string, year: number): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') return;
    const p = new SqlParameters(this.dataSource);
    await manager.query(
      `SELECT pg_advisory_xact_lock(${p.bind(ROLLUP_LOCK)}, ${p.bind(Number(jurisdictionCode.slice(0, 2)) * 10000 + year)})`,
      p.values,
    );
  }

  /** Recomputes the sums of `summed` of the province and prefecture of `jurisdictionCode` in `year`. */
  private async refreshSums(manager: EntityManager, summed: Summed, jurisdictionCode: string, year: number): Promise<void> {
    const t = this.tables();
    const remove = new SqlParameters(this.dataSource);
    await manager.query(
      `DELETE FROM ${summed.table(t)} WHERE year = ${remove.bind(year)} AND jurisdiction_code IN (
         SELECT province_code FROM ${t.jurisdiction} WHERE code = ${remove.bind(jurisdictionCode)}
         UNION SELECT prefecture_code FROM ${t.jurisdiction} WHERE code = ${remove.bind(jurisdictionCode)} AND prefecture_code IS NOT NULL)`,
      remove.values,
    );
    for (const column of ROOT_COLUMNS) {
      const p = new SqlParameters(this.dataSource);
      const insert = this.sumsInsert(summed, column);
      await manager.query(
        `${insert}
         AND r.year = ${p.bind(year)} AND j.${column} = (SELECT ${column} FROM ${t.jurisdiction} WHERE code = ${p.bind(jurisdictionCode)})
         GROUP BY j.${column}, r.year, o.indicator_code`,
        p.values,
      );
    }
  }

  /** Recomputes every sum of `summed`, inside the caller's transaction. */
  private async rebuildSums(manager: EntityManager, summed: Summed): Promise<void> {
    await manager.query(`DELETE FROM ${summed.table(this.tables())}`);
    // In key order: on PostgreSQL the rebuilt heap then holds a level's roots of one indicator and year together.
    for (const column of ROOT_COLUMNS) {
      await manager.query(
        `${this.sumsInsert(summed, column)} GROUP BY j.${column}, r.year, o.indicator_code ORDER BY o.indicator_code, r.year, j.${column}`,
      );
    }
  }

  /** INSERT … SELECT of the roll-up sums per `column` root, year and code; the caller adds conditions and GROUP BY. */
  private sumsInsert(summed: Summed, column: RootColumn): string {
    const t = this.tables();
    return `INSERT INTO ${summed.table(t)} (jurisdiction_code, level, year, indicator_code, observations, value_observations, value)
      SELECT j.${column}, '${MATERIALISED_ROOTS[column].level}', r.year, o.indicator_code, ${ROLLUP_SUM.observations}, ${ROLLUP_SUM.valueObservations}, ${ROLLUP_SUM.value}
      FROM ${t.report} r
      JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
      JOIN ${t.observation} o ON o.report_id = r.id
      WHERE ${CURRENT_REPORT} AND j.${column} IS NOT NULL AND ${summed.counts(t, column)}`;
  }

  private tables(): RollupTables {
    return rollupTables(this.dataSource);
  }
}
