import type { DataSource } from 'typeorm';
import { anyOf } from '../batch';
import { decodeCursor, type Page } from '../pagination';
import { checkSearchText } from '../validation';
import { Hierarchy, type HierarchyRow } from './hierarchy';
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
  private cachedHierarchy: Promise<Hierarchy> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** The whole hierarchy, read once per process: it is reference data that requests never change. */
  hierarchy(): Promise<Hierarchy> {
    this.cachedHierarchy ??= this.repository.find().then((rows) => new Hierarchy(rows));
    return this.cachedHierarchy;
  }

  private get repository() {
    return this.dataSource.getRepository(JurisdictionEntity);
  }

  /** From the in-memory hierarchy (whole rows of the reference data): no statement. */
  async findByCodes(codes: readonly string[]): Promise<(HierarchyRow | null)[]> {
    const hierarchy = await this.hierarchy();
    return codes.map((c) => hierarchy.get(c) ?? null);
  }

  /** Children in code order, from the in-memory hierarchy. */
  async childrenOf(parentCodes: readonly string[]): Promise<HierarchyRow[][]> {
    const hierarchy = await this.hierarchy();
    return parentCodes.map((c) => hierarchy.children(c));
  }

  async list(filter: JurisdictionFilter, first: number, after: string | null): Promise<Page<JurisdictionEntity>> {
    const afterCode = after ? decodeCursor(after, 'code') : null;
    const query = this.repository.createQueryBuilder('j');
    if (filter.codes) query.andWhere(...anyOf(this.dataSource, 'j.code', 'codes', filter.codes));
    if (filter.parent) query.andWhere('j.parent_code = :parent', { parent: filter.parent });
    if (filter.level) query.andWhere('j.level = :level', { level: filter.level });
    if (filter.search) checkSearchText(filter.search);
    if (filter.search) query.andWhere('j.name LIKE :search', { search: `%${filter.search.replace(/[%_]/g, '')}%` });
    const totalCount = await query.getCount();
    if (afterCode) query.andWhere('j.code > :after', { after: afterCode });
    const rows = await query.orderBy('j.code', 'ASC').limit(first + 1).getMany();
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }
}
