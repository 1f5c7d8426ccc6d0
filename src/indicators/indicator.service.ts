import type { DataSource } from 'typeorm';
import { anyOf, unique } from '../batch';
import { checkSearchText } from '../validation';
import { IndicatorEntity } from './indicator.entity';
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

  async list(filter: IndicatorFilter): Promise<IndicatorType[]> {
    if (filter.table) checkSearchText(filter.table, 'table');
    if (filter.search) checkSearchText(filter.search);
    const query = this.dataSource.getRepository(IndicatorEntity).createQueryBuilder('i');
    if (filter.table) query.andWhere('i.table_name LIKE :table', { table: `${filter.table.replace(/[%_]/g, '')}%` });
    if (filter.formatVersion) query.andWhere("(';' || i.format_versions || ';') LIKE :fv", { fv: `%;${filter.formatVersion};%` });
    if (filter.search) {
      const search = `%${filter.search.replace(/[%_]/g, '').toLowerCase()}%`;
      query.andWhere(
        '(LOWER(i.code) LIKE :search OR LOWER(i.label_en) LIKE :search OR i.row_label_zh LIKE :search OR i.column_label_zh LIKE :search)',
        { search },
      );
    }
    const rows = await query.orderBy('i.position', 'ASC').getMany();
    return rows.map(toIndicatorType);
  }
}
