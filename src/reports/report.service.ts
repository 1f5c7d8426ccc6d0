import type { DataSource } from 'typeorm';
import { anyOf, groupBy, unique } from '../batch';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { ObservationEntity } from '../observations/observation.entity';
import { decodeCursor, type Page } from '../pagination';
import { ReportEntity } from './report.entity';

export interface ReportFilter {
  jurisdiction?: string;
  year?: number;
  /** Include revisions that a later one superseded. */
  includeSuperseded?: boolean;
  /** Include withdrawn reports. */
  includeWithdrawn?: boolean;
}

/** Key of the reports-of-a-jurisdiction loader: `code` or `code:year`. */
export type JurisdictionYearKey = string;

/** All SQL about reports and their observations. */
export class ReportService {
  constructor(private readonly dataSource: DataSource) {}

  async findByIds(ids: readonly number[]): Promise<(ReportEntity | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .where(...anyOf(this.dataSource, 'r.id', 'ids', unique(ids)))
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Current (neither superseded nor withdrawn) reports per jurisdiction, optionally of one year; one statement per chunk of jurisdictions.
   */
  async currentByJurisdictionYear(keys: readonly JurisdictionYearKey[]): Promise<ReportEntity[][]> {
    if (keys.length === 0) return [];
    const codes = unique(keys.map((k) => k.split(':')[0]));
    const rows = await this.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .where(...anyOf(this.dataSource, 'r.jurisdiction_code', 'codes', codes))
      .andWhere('r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL')
      .orderBy('r.year', 'DESC')
      .addOrderBy('r.organ')
      .addOrderBy('r.id')
      .getMany();
    // Grouped once by jurisdiction (not one filter of every row per key, which grew with the square of a page).
    const byCode = new Map<string, ReportEntity[]>();
    for (const row of rows) {
      const list = byCode.get(row.jurisdictionCode);
      if (list) list.push(row);
      else byCode.set(row.jurisdictionCode, [row]);
    }
    return keys.map((key) => {
      const [code, year] = key.split(':');
      const reports = byCode.get(code) ?? [];
      return year === undefined ? reports : reports.filter((r) => r.year === Number(year));
    });
  }

  /** The current report per `organId:year` key (the year before a report's, for I5), or null. */
  async currentOfOrganYears(keys: readonly string[]): Promise<(ReportEntity | null)[]> {
    if (keys.length === 0) return [];
    const organIds = unique(keys.map((k) => Number(k.split(':')[0])));
    const rows = await this.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .where(...anyOf(this.dataSource, 'r.organ_id', 'organs', organIds))
      .andWhere('r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL')
      .orderBy('r.revision', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getMany();
    return keys.map((key) => {
      const [organId, year] = key.split(':').map(Number);
      return rows.find((r) => r.organId === organId && r.year === year) ?? null;
    });
  }

  async observationsOf(reportIds: readonly number[]): Promise<ObservationEntity[][]> {
    // In catalog order, so a report's observations read like its printed tables.
    if (reportIds.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(ObservationEntity)
      .createQueryBuilder('o')
      .innerJoin(IndicatorEntity, 'i', 'i.code = o.indicator_code')
      .where(...anyOf(this.dataSource, 'o.report_id', 'ids', unique(reportIds)))
      .orderBy('o.report_id')
      .addOrderBy('i.position')
      .getMany();
    return groupBy(reportIds, rows, (r) => r.reportId);
  }

  async list(filter: ReportFilter, first: number, after: string | null): Promise<Page<ReportEntity>> {
    const afterId = after ? Number(decodeCursor(after, 'id')) : null;
    const query = this.dataSource.getRepository(ReportEntity).createQueryBuilder('r');
    if (filter.jurisdiction) query.andWhere('r.jurisdiction_code = :code', { code: filter.jurisdiction });
    if (filter.year !== undefined) query.andWhere('r.year = :year', { year: filter.year });
    if (!filter.includeSuperseded) query.andWhere('r.superseded_by_id IS NULL');
    if (!filter.includeWithdrawn) query.andWhere('r.withdrawn_at IS NULL');
    const totalCount = await query.getCount();
    if (afterId !== null) query.andWhere('r.id > :after', { after: afterId });
    const rows = await query
      .orderBy('r.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }
}
