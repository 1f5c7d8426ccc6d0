import type { DataSource } from 'typeorm';
import { SqlParameters } from '../batch';
import type { HierarchyRow } from '../jurisdictions/hierarchy';
import type { SqlReader } from '../sql-reader';
import type { CellValue } from './cell-value';

/** Base values per requested jurisdiction: `${code}@${year}` → value (with the report it came from, for OWN and REPORTED). */
export type BaseTable = Map<string, Map<string, CellValue & { reportId?: number }>>;

export const cellKey = (code: string, year: number) => `${code}@${year}`;

export interface Range {
  codes: string[];
  from: number;
  to: number;
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
export async function readMaterialised(reader: SqlReader, dataSource: DataSource, tableName: string, roots: readonly HierarchyRow[], range: Range, table: BaseTable): Promise<void> {
  const materialised = roots.filter((r) => r.level !== 'COUNTY');
  if (materialised.length === 0) return;
  const p = new SqlParameters(dataSource);
  const levels = [...new Set(materialised.map((r) => r.level))];
  // Placeholders in the order they appear in the text.
  const key = `${p.anyOf('u.indicator_code', range.codes)} AND ${p.anyOf('u.year', yearsOf(range))} AND ${p.anyOf('u.level', levels)}`;
  const codes = materialised.length > POINT_LOOKUP_MAX_ROOTS ? '' : ` AND ${p.anyOf('u.jurisdiction_code', materialised.map((r) => r.code))}`;
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
