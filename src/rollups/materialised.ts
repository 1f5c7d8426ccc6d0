import type { DataSource } from 'typeorm';
import { SqlParameters } from '../batch';
import { IndicatorEntity } from '../indicators/indicator.entity';
import type { HierarchyRow } from '../jurisdictions/hierarchy';
import { ObservationEntity } from '../observations/observation.entity';
import { quotedPath } from '../organs/organ.registry';
import { ReportEntity } from '../reports/report.entity';
import type { SqlReader } from '../sql-reader';
import type { CellValue } from './cell-value';
import { CurrentValueEntity } from './current-value.entity';
import { RollupBestEntity } from './rollup-best.entity';
import { RollupDerivedEntity } from './rollup-derived.entity';
import { RollupEntity } from './rollup.entity';

/*
 * The SQL that the roll-up reader (rollup.reader.ts) and the materialiser (rollup.materialiser.ts) share:
 * table names, the roll-up sum, which reports BEST counts, and the reads of materialised sums. Every
 * statement of both is written out with SqlParameters (no query builder): one way to build them.
 */

/** Base values per requested jurisdiction: `${code}@${year}` → value (with the report it came from, for OWN and REPORTED). */
export type BaseTable = Map<string, Map<string, CellValue & { reportId?: number }>>;

export const cellKey = (code: string, year: number) => `${code}@${year}`;

export interface Range {
  codes: string[];
  from: number;
  to: number;
}

/** Quoted (schema-qualified on PostgreSQL) names of the tables roll-ups read and write. */
export interface RollupTables {
  rollup: string;
  rollupDerived: string;
  rollupBest: string;
  currentValue: string;
  report: string;
  observation: string;
  jurisdiction: string;
  indicator: string;
}

const TABLES = new WeakMap<DataSource, RollupTables>();

/** The table names of a data source, made once. */
export function rollupTables(dataSource: DataSource): RollupTables {
  let tables = TABLES.get(dataSource);
  if (!tables) {
    const quoted = (target: unknown) => quotedPath(dataSource.getMetadata(target as typeof RollupEntity).tablePath);
    tables = {
      rollup: quoted(RollupEntity),
      rollupDerived: quoted(RollupDerivedEntity),
      rollupBest: quoted(RollupBestEntity),
      currentValue: quoted(CurrentValueEntity),
      report: quoted(ReportEntity),
      observation: quoted(ObservationEntity),
      jurisdiction: quoted('jurisdiction'),
      indicator: quoted(IndicatorEntity),
    };
    TABLES.set(dataSource, tables);
  }
  return tables;
}

/**
 * The roll-up sum, the one place it is written in SQL, over observations `o`: how many observations,
 * how many of them are numbers, and the sum of the numbers. setMaterialised reads a row of it as
 * sumValues (cell-value.ts) adds the same values in memory: numbers add, blanks beside numbers add
 * nothing, only blanks stay BLANK. The `rollup` and `rollup_best` tables and the counties summed when
 * asked all sum with it.
 */
export const ROLLUP_SUM = {
  observations: 'COUNT(*)',
  valueObservations: "SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END)",
  value: "SUM(CASE WHEN o.status = 'VALUE' THEN o.value END)",
} as const;

/** Current reports: neither superseded nor withdrawn (as `r`). */
export const CURRENT_REPORT = 'r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL';

/**
 * Roots whose roll-ups are materialised (in `rollup` and `rollup_best`), by the jurisdiction column that
 * names the root: every jurisdiction stores its province and prefecture, so a subtree is one equality,
 * not a recursion. `ancestors`: a jurisdiction's ancestors within such a subtree (columns of `j`); the
 * hierarchy has three levels, so they are its prefecture and province.
 */
export const MATERIALISED_ROOTS = {
  province_code: { level: 'PROVINCE', ancestors: 'j.prefecture_code, j.province_code' },
  prefecture_code: { level: 'PREFECTURE', ancestors: 'j.prefecture_code' },
} as const;
export type RootColumn = keyof typeof MATERIALISED_ROOTS;
export const ROOT_COLUMNS = Object.keys(MATERIALISED_ROOTS) as RootColumn[];

/** Which current reports `r` a roll-up adds: ROLLUP every OWN report. */
export const ROLLUP_COUNTS = "r.scope = 'OWN'";

/**
 * Which current reports `r` (of jurisdiction `j`) BEST adds (rules in best.ts): none with a SUMMARY at
 * an ancestor (`ancestors`, columns of `j`; null: none), and of the rest an OWN report of a jurisdiction
 * without a SUMMARY, or the jurisdiction's latest SUMMARY.
 */
export function bestCounts(t: RollupTables, ancestors: string | null): string {
  const summary = (where: string) =>
    `EXISTS (SELECT 1 FROM ${t.report} s WHERE s.superseded_by_id IS NULL AND s.withdrawn_at IS NULL AND s.scope = 'SUMMARY' AND s.year = r.year AND ${where})`;
  const above = ancestors
    ? `NOT ${summary(`s.jurisdiction_code IN (${ancestors}) AND s.jurisdiction_code <> r.jurisdiction_code`)} AND `
    : '';
  return `${above}((r.scope = 'OWN' AND NOT ${summary('s.jurisdiction_code = r.jurisdiction_code')})
      OR (r.scope = 'SUMMARY' AND r.id = (SELECT MAX(x.id) FROM ${t.report} x WHERE x.superseded_by_id IS NULL AND x.withdrawn_at IS NULL AND x.scope = 'SUMMARY' AND x.year = r.year AND x.jurisdiction_code = r.jurisdiction_code)))`;
}

/** Above this many province or prefecture roots, roll-ups are read by (indicator, year) range instead of by key. */
const POINT_LOOKUP_MAX_ROOTS = 40;

/** A row of sums: root, year, code, sum of the numbers, how many numbers. */
export type MaterialisedRow = [k: string, y: number, c: string, v: number | null, nv: number];

/** A row of sums into a base table: VALUE with numbers, BLANK with observations but no number. */
export function setMaterialised(table: BaseTable, [k, y, c, v, nv]: MaterialisedRow): void {
  table.get(k)?.set(cellKey(c, Number(y)), Number(nv) > 0 ? { value: Number(v), status: 'VALUE' } : { value: null, status: 'BLANK' });
}

/**
 * Reads the materialised sums (`rollup` or `rollup_best`) of the province and prefecture roots into
 * `table`. Few roots: point lookups (years and levels as lists, so every key column is an equality).
 * Many roots (a level, a ranking): the key's (indicator, year, level) ranges read whole, at most 333
 * rows each, and rows of other roots are dropped here; contiguous rows beat hundreds of lookups.
 */
export async function readMaterialised(
  reader: SqlReader,
  dataSource: DataSource,
  tableName: string,
  roots: readonly HierarchyRow[],
  range: Range,
  table: BaseTable,
): Promise<void> {
  const materialised = roots.filter((r) => r.level !== 'COUNTY');
  if (materialised.length === 0) return;
  const p = new SqlParameters(dataSource);
  const levels = [...new Set(materialised.map((r) => r.level))];
  // Placeholders in the order they appear in the text.
  const key = `${p.anyOf('u.indicator_code', range.codes)} AND ${p.anyOf('u.year', yearsOf(range))} AND ${p.anyOf('u.level', levels)}`;
  const codes =
    materialised.length > POINT_LOOKUP_MAX_ROOTS
      ? ''
      : ` AND ${p.anyOf(
          'u.jurisdiction_code',
          materialised.map((r) => r.code),
        )}`;
  const rows = await reader.tuples<MaterialisedRow>(
    `SELECT u.jurisdiction_code AS k, u.year AS y, u.indicator_code AS c, u.value AS v, u.value_observations AS nv
     FROM ${tableName} u WHERE ${key}${codes} AND u.observations > 0`,
    p.values,
  );
  for (const row of rows) setMaterialised(table, row);
}

function yearsOf(range: Range): number[] {
  const years: number[] = [];
  for (let y = range.from; y <= range.to; y++) years.push(y);
  return years;
}

/**
 * Sums the reports of each county (a county has no jurisdiction below it) that `counts` keeps, into
 * `table`: what the materialised tables hold for provinces and prefectures, computed when asked.
 */
export async function readCountySums(
  reader: SqlReader,
  dataSource: DataSource,
  counties: readonly string[],
  range: Range,
  counts: string,
  table: BaseTable,
): Promise<void> {
  if (counties.length === 0) return;
  const t = rollupTables(dataSource);
  const p = new SqlParameters(dataSource);
  const rows = await reader.tuples<MaterialisedRow>(
    `SELECT r.jurisdiction_code AS k, r.year AS y, o.indicator_code AS c, ${ROLLUP_SUM.value} AS v, ${ROLLUP_SUM.valueObservations} AS nv
     FROM ${t.observation} o INNER JOIN ${t.report} r ON r.id = o.report_id
     WHERE ${CURRENT_REPORT} AND r.year BETWEEN ${p.bind(range.from)} AND ${p.bind(range.to)}
       AND ${p.anyOf('o.indicator_code', range.codes)} AND ${p.anyOf('r.jurisdiction_code', counties)}
       AND ${counts}
     GROUP BY r.jurisdiction_code, r.year, o.indicator_code`,
    p.values,
  );
  for (const row of rows) setMaterialised(table, row);
}
