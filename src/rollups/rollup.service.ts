import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { anyOf } from '../batch';
import type { HierarchyRow } from '../jurisdictions/hierarchy';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import { ObservationEntity } from '../observations/observation.entity';
import { ReportEntity } from '../reports/report.entity';
import type { CellValue } from './cell-value';

export type Measure = 'OWN' | 'REPORTED' | 'ROLLUP';

/** Base values per requested jurisdiction: `${code}@${year}` → value (with the report it came from, for OWN and REPORTED). */
export type BaseTable = Map<string, Map<string, CellValue & { reportId?: number }>>;

export const cellKey = (code: string, year: number) => `${code}@${year}`;

/**
 * Roll-ups group the OWN reports of a subtree by the column that names the subtree's root: every
 * jurisdiction stores its province and prefecture, so a subtree is one equality, not a recursion.
 */
const GROUP_COLUMN: Record<JurisdictionLevel, string> = { PROVINCE: 'j.province_code', PREFECTURE: 'j.prefecture_code', COUNTY: 'j.code' };

interface Range {
  codes: string[];
  from: number;
  to: number;
}

/**
 * All SQL of roll-ups. Each method is a fixed number of statements whatever the number of
 * jurisdictions, indicators and years: lists are bound as one parameter, and roll-ups are grouped
 * in SQL by subtree (at most one statement per level of the roots asked for).
 */
export class RollupService {
  constructor(private readonly dataSource: DataSource) {}

  /** OWN: the government's own report; REPORTED: the jurisdiction's SUMMARY report. */
  async reportValues(measure: 'OWN' | 'REPORTED', roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (roots.length === 0 || range.codes.length === 0) return table;
    const query = this.observations(range)
      .select(['r.jurisdiction_code AS k', 'r.year AS y', 'o.indicator_code AS c', 'o.value AS v', 'o.status AS s', 'r.id AS rid'])
      .andWhere(...anyOf(this.dataSource, 'r.jurisdiction_code', 'roots', roots.map((r) => r.code)));
    if (measure === 'OWN') query.andWhere("r.scope = 'OWN' AND r.organ_kind = 'GOVERNMENT'");
    else query.andWhere("r.scope = 'SUMMARY'");
    const rows = await query.getRawMany<{ k: string; y: number; c: string; v: number | null; s: string; rid: number }>();
    // Should two organs both file a government OWN (or SUMMARY) report for one year, the latest import wins.
    const chosen = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.k}@${row.y}`;
      chosen.set(key, Math.max(chosen.get(key) ?? 0, Number(row.rid)));
    }
    for (const row of rows) {
      if (chosen.get(`${row.k}@${row.y}`) !== Number(row.rid)) continue;
      table.get(row.k)?.set(cellKey(row.c, Number(row.y)), {
        value: row.s === 'VALUE' && row.v !== null ? Number(row.v) : null,
        status: row.s as CellValue['status'],
        reportId: Number(row.rid),
      });
    }
    return table;
  }

  /** ROLLUP: sums over every OWN report in each root's subtree, one statement per level of roots. */
  async rollupValues(roots: readonly HierarchyRow[], range: Range): Promise<BaseTable> {
    const table: BaseTable = new Map(roots.map((r) => [r.code, new Map()]));
    if (range.codes.length === 0) return table;
    for (const [level, group] of byLevel(roots)) {
      const column = GROUP_COLUMN[level];
      const rows = await this.observations(range)
        .innerJoin('jurisdiction', 'j', 'j.code = r.jurisdiction_code')
        .select([`${column} AS k`, 'r.year AS y', 'o.indicator_code AS c'])
        .addSelect("SUM(CASE WHEN o.status = 'VALUE' THEN o.value END)", 'v')
        .addSelect("SUM(CASE WHEN o.status = 'VALUE' THEN 1 ELSE 0 END)", 'nv')
        .andWhere("r.scope = 'OWN'")
        .andWhere(...anyOf(this.dataSource, column, 'roots', group.map((r) => r.code)))
        .groupBy(column)
        .addGroupBy('r.year')
        .addGroupBy('o.indicator_code')
        .getRawMany<{ k: string; y: number; c: string; v: number | null; nv: number }>();
      for (const row of rows) {
        const numbers = Number(row.nv) > 0;
        table.get(row.k)?.set(cellKey(row.c, Number(row.y)), numbers ? { value: Number(row.v), status: 'VALUE' } : { value: null, status: 'BLANK' });
      }
    }
    return table;
  }

  /** Which jurisdictions of the roots' subtrees have an OWN report, per year: `${year}` → codes. */
  async contributors(roots: readonly HierarchyRow[], from: number, to: number): Promise<Map<number, Set<string>>> {
    const result = new Map<number, Set<string>>();
    for (let y = from; y <= to; y++) result.set(y, new Set());
    const levels = byLevel(roots);
    if (levels.size === 0) return result;
    const query = this.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .innerJoin('jurisdiction', 'j', 'j.code = r.jurisdiction_code')
      .select(['r.jurisdiction_code AS k', 'r.year AS y'])
      .distinct(true)
      .where("r.scope = 'OWN' AND r.superseded_by_id IS NULL")
      .andWhere('r.year BETWEEN :from AND :to', { from, to });
    const conditions: string[] = [];
    const parameters: Record<string, unknown> = {};
    for (const [level, group] of levels) {
      const [sql, params] = anyOf(this.dataSource, GROUP_COLUMN[level], `roots_${level}`, group.map((r) => r.code));
      conditions.push(sql);
      Object.assign(parameters, params);
    }
    query.andWhere(`(${conditions.join(' OR ')})`, parameters);
    for (const row of await query.getRawMany<{ k: string; y: number }>()) result.get(Number(row.y))?.add(row.k);
    return result;
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
      .where('r.superseded_by_id IS NULL')
      .andWhere('r.year BETWEEN :from AND :to', { from: range.from, to: range.to })
      .andWhere(...anyOf(this.dataSource, 'o.indicator_code', 'codes', range.codes));
  }
}

function byLevel(roots: readonly HierarchyRow[]): Map<JurisdictionLevel, HierarchyRow[]> {
  const groups = new Map<JurisdictionLevel, HierarchyRow[]>();
  for (const root of roots) groups.set(root.level, [...(groups.get(root.level) ?? []), root]);
  return groups;
}
