import { In, type DataSource } from 'typeorm';
import { groupBy, inChunks } from '../batch';
import { decodeCursor, type Page } from '../pagination';
import { JurisdictionEntity, type JurisdictionLevel } from './jurisdiction.entity';

export interface JurisdictionFilter {
  codes?: string[];
  parent?: string;
  level?: JurisdictionLevel;
  /** Part of the name, e.g. `深圳` or `罗湖`. */
  search?: string;
}

/** All SQL about jurisdictions. Every list method takes many keys and answers in one statement per chunk. */
export class JurisdictionService {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(JurisdictionEntity);
  }

  async findByCodes(codes: readonly string[]): Promise<(JurisdictionEntity | null)[]> {
    const rows = await inChunks([...new Set(codes)], (part) => this.repository.findBy({ code: In(part) }));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => byCode.get(c) ?? null);
  }

  async childrenOf(parentCodes: readonly string[]): Promise<JurisdictionEntity[][]> {
    const rows = await inChunks([...new Set(parentCodes)], (part) =>
      this.repository.find({ where: { parentCode: In(part) }, order: { code: 'ASC' } }),
    );
    return groupBy(parentCodes, rows, (r) => r.parentCode as string);
  }

  async list(filter: JurisdictionFilter, first: number, after: string | null): Promise<Page<JurisdictionEntity>> {
    const query = this.repository.createQueryBuilder('j');
    if (filter.codes) query.andWhere('j.code IN (:...codes)', { codes: filter.codes.length > 0 ? filter.codes : [''] });
    if (filter.parent) query.andWhere('j.parent_code = :parent', { parent: filter.parent });
    if (filter.level) query.andWhere('j.level = :level', { level: filter.level });
    if (filter.search) query.andWhere('j.name LIKE :search', { search: `%${filter.search.replace(/[%_]/g, '')}%` });
    const totalCount = await query.getCount();
    if (after) query.andWhere('j.code > :after', { after: decodeCursor(after) });
    const rows = await query.orderBy('j.code', 'ASC').limit(first + 1).getMany();
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }
}
