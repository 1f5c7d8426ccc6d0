import type { DataSource } from 'typeorm';
import { SqlParameters, unique } from '../batch';
import { ROOT_COLUMN, type Hierarchy, type HierarchyRow } from '../jurisdictions/hierarchy';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import { quotedPath } from '../organs/organ.registry';
import { SqlReader } from '../sql-reader';
import { ReportEntity } from './report.entity';

export interface KindCount {
  scope: string;
  organKind: string;
  reports: number;
}

export interface YearInventory {
  year: number;
  reports: number;
  byKind: KindCount[];
  byFormat: { formatVersion: string | null; reports: number }[];
  /** Jurisdictions with at least one current report, by level. */
  byLevel: { level: JurisdictionLevel; jurisdictions: number }[];
  provinces: { code: string; reports: number; jurisdictions: number; summaries: number; governmentOwn: number }[];
}

export interface Availability {
  year: number;
  governmentOwn: number;
  departmentOwn: number;
  summary: number;
  /** Current reports of the jurisdictions below it. */
  below: number;
}

const LEVELS: JurisdictionLevel[] = ['PROVINCE', 'PREFECTURE', 'COUNTY'];

/** What data exists: current reports (latest revisions) counted by year, kind, format and place. */
export class InventoryService {
  private readonly reader: SqlReader;
  private names: { report: string; jurisdiction: string } | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.reader = new SqlReader(dataSource);
  }

  /** Every year with a current report, oldest first (or the years of `span`, those without reports included). */
  async years(hierarchy: Hierarchy, span: { from: number; to: number } | null): Promise<YearInventory[]> {
    const t = this.tables();
    const p = new SqlParameters(this.dataSource);
    const rows = await this.reader.tuples<[number, string, string, string | null, string, number]>(
      `SELECT year, scope, organ_kind, format_version, jurisdiction_code, COUNT(*) FROM ${t.report}
       WHERE superseded_by_id IS NULL AND withdrawn_at IS NULL${span ? ` AND year BETWEEN ${p.bind(span.from)} AND ${p.bind(span.to)}` : ''}
       GROUP BY year, scope, organ_kind, format_version, jurisdiction_code`,
      p.values,
    );
    const years = new Map<number, { rows: typeof rows }>();
    if (span) for (let y = span.from; y <= span.to; y++) years.set(y, { rows: [] });
    for (const row of rows) {
      const year = Number(row[0]);
      const entry = years.get(year) ?? { rows: [] };
      entry.rows.push(row);
      years.set(year, entry);
    }
    return [...years.entries()].sort(([a], [b]) => a - b).map(([year, { rows: yearRows }]) => summarise(year, yearRows, hierarchy));
  }

  /** Per jurisdiction and year: its own current reports by kind, and those of the jurisdictions below it. */
  async availability(roots: readonly HierarchyRow[], span: { from: number; to: number } | null): Promise<Map<string, Availability[]>> {
    const result = new Map<string, Map<number, Availability>>(roots.map((r) => [r.code, new Map()]));
    const entry = (code: string, year: number) => {
      const years = result.get(code)!;
      let a = years.get(year);
      if (!a) years.set(year, (a = { year, governmentOwn: 0, departmentOwn: 0, summary: 0, below: 0 }));
      return a;
    };
    if (span) for (const r of roots) for (let y = span.from; y <= span.to; y++) entry(r.code, y);
    const t = this.tables();
    const within = (p: SqlParameters) => (span ? ` AND r.year BETWEEN ${p.bind(span.from)} AND ${p.bind(span.to)}` : '');
    const own = new SqlParameters(this.dataSource);
    const ownRows = await this.reader.tuples<[string, number, string, string, number]>(
      `SELECT r.jurisdiction_code, r.year, r.scope, r.organ_kind, COUNT(*) FROM ${t.report} r
       WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND ${own.anyOf('r.jurisdiction_code', unique(roots.map((r) => r.code)))}${within(own)}
       GROUP BY r.jurisdiction_code, r.year, r.scope, r.organ_kind`,
      own.values,
    );
    for (const [code, year, scope, kind, n] of ownRows) {
      const a = entry(code, Number(year));
      if (scope === 'SUMMARY') a.summary += Number(n);
      else if (kind === 'GOVERNMENT') a.governmentOwn += Number(n);
      else a.departmentOwn += Number(n);
    }
    for (const level of LEVELS.filter((l) => l !== 'COUNTY' && roots.some((r) => r.level === l))) {
      const column = ROOT_COLUMN[level];
      const p = new SqlParameters(this.dataSource);
      const rows = await this.reader.tuples<[string, number, number]>(
        `SELECT ${column}, r.year, COUNT(*) FROM ${t.report} r JOIN ${t.jurisdiction} j ON j.code = r.jurisdiction_code
         WHERE r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND ${p.anyOf(column, unique(roots.filter((r) => r.level === level).map((r) => r.code)))} AND r.jurisdiction_code <> ${column}${within(p)}
         GROUP BY ${column}, r.year`,
        p.values,
      );
      for (const [code, year, n] of rows) entry(code, Number(year)).below += Number(n);
    }
    return new Map([...result].map(([code, years]) => [code, [...years.values()].sort((a, b) => a.year - b.year)]));
  }

  private tables() {
    this.names ??= {
      report: quotedPath(this.dataSource.getMetadata(ReportEntity).tablePath),
      jurisdiction: quotedPath(this.dataSource.getMetadata('jurisdiction').tablePath),
    };
    return this.names;
  }
}

function summarise(
  year: number,
  rows: readonly [number, string, string, string | null, string, number][],
  hierarchy: Hierarchy,
): YearInventory {
  const kinds = new Map<string, KindCount>();
  const formats = new Map<string | null, number>();
  const places = new Map<JurisdictionLevel, Set<string>>(LEVELS.map((l) => [l, new Set()]));
  const provinces = new Map<string, { code: string; reports: number; places: Set<string>; summaries: number; governmentOwn: number }>();
  let reports = 0;
  for (const [, scope, organKind, formatVersion, code, count] of rows) {
    const n = Number(count);
    reports += n;
    const kind = kinds.get(`${scope}/${organKind}`) ?? { scope, organKind, reports: 0 };
    kind.reports += n;
    kinds.set(`${scope}/${organKind}`, kind);
    formats.set(formatVersion, (formats.get(formatVersion) ?? 0) + n);
    const j = hierarchy.get(code);
    if (!j) continue;
    places.get(j.level)?.add(code);
    const province = provinces.get(j.provinceCode) ?? {
      code: j.provinceCode,
      reports: 0,
      places: new Set(),
      summaries: 0,
      governmentOwn: 0,
    };
    province.reports += n;
    province.places.add(code);
    if (scope === 'SUMMARY') province.summaries += n;
    else if (organKind === 'GOVERNMENT') province.governmentOwn += n;
    provinces.set(j.provinceCode, province);
  }
  return {
    year,
    reports,
    byKind: [...kinds.values()].sort((a, b) => (a.scope + a.organKind < b.scope + b.organKind ? -1 : 1)),
    byFormat: [...formats.entries()]
      .map(([formatVersion, n]) => ({ formatVersion, reports: n }))
      .sort((a, b) => String(a.formatVersion).localeCompare(String(b.formatVersion))),
    byLevel: LEVELS.map((level) => ({ level, jurisdictions: places.get(level)?.size ?? 0 })),
    provinces: [...provinces.values()]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((p) => ({
        code: p.code,
        reports: p.reports,
        jurisdictions: p.places.size,
        summaries: p.summaries,
        governmentOwn: p.governmentOwn,
      })),
  };
}
