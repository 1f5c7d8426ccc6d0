import type { DataSource } from 'typeorm';
import { anyOf, unique } from '../batch';
import { checkSearchText } from '../validation';
import { IndicatorEntity } from './indicator.entity';
import { indicatorSearch } from './indicator-search';
import type { IndicatorType } from './indicator.type';

export interface IndicatorFilter {
  search?: string;
  /** Matches the start of the table name, so "3" finds "3 applications". */
  table?: string;
  formatVersion?: string;
}

export function toIndicatorType(entity: IndicatorEntity): IndicatorType {
  return {
    ...entity,
    labelZh: entity.columnLabelZh ? `${entity.rowLabelZh}（${entity.columnLabelZh}）` : entity.rowLabelZh,
    formatVersions: entity.formatVersions.split(';').filter(Boolean),
  };
}

/** SQL about the indicator catalog. */
export class IndicatorService {
  private cachedCatalog: Promise<Map<string, IndicatorType>> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** The whole catalog by code, read once per process: reference data that requests never change. */
  catalog(): Promise<Map<string, IndicatorType>> {
    this.cachedCatalog ??= this.dataSource
      .getRepository(IndicatorEntity)
      .find({ order: { position: 'ASC' } })
      .then((rows) => new Map(rows.map((r) => [r.code, toIndicatorType(r)])));
    return this.cachedCatalog;
  }

  async findByCodes(codes: readonly string[]): Promise<(IndicatorType | null)[]> {
    if (codes.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(IndicatorEntity)
      .createQueryBuilder('i')
      .where(...anyOf(this.dataSource, 'i.code', 'codes', unique(codes)))
      .getMany();
    const byCode = new Map(rows.map((r) => [r.code, toIndicatorType(r)]));
    return codes.map((c) => byCode.get(c) ?? null);
  }

  /** Filtered in memory over the cached catalog (259 rows): search normalises what SQL `LIKE` cannot (see indicator-search.ts). */
  async list(filter: IndicatorFilter): Promise<IndicatorType[]> {
    if (filter.table) checkSearchText(filter.table, 'table');
    if (filter.search) checkSearchText(filter.search);
    const search = filter.search ? indicatorSearch(filter.search) : null;
    const table = filter.table?.toLowerCase();
    return [...(await this.catalog()).values()].filter(
      (i) =>
        (!table || i.table.toLowerCase().startsWith(table)) &&
        (!filter.formatVersion || i.formatVersions.includes(filter.formatVersion)) &&
        (!search || search.matches(i)),
    );
  }
}
