import { Brackets, type DataSource } from 'typeorm';
import { anyOf } from '../batch';
import { decodeCursor, type Page } from '../pagination';
import { checkSearchText } from '../validation';
import { Hierarchy, type HierarchyRow } from './hierarchy';
import { loadJurisdictionAliases } from './jurisdiction-alias.catalog';
import type { JurisdictionAlias } from './jurisdiction-name.forms';
import { JurisdictionEntity, type JurisdictionLevel } from './jurisdiction.entity';

export interface JurisdictionFilter {
  codes?: string[];
  parent?: string;
  level?: JurisdictionLevel;
  /** Part of the name or of a known alias (`jurisdiction-aliases.csv`), e.g. `深圳`, `罗湖` or `平潭综合实验区`. */
  search?: string;
}

/** All SQL about jurisdictions. Every list method takes many keys and answers in one statement per chunk. */
export class JurisdictionService {
  private cachedHierarchy: Promise<Hierarchy> | null = null;
  private cachedAliases: Promise<JurisdictionAlias[]> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** The whole hierarchy, read once per process: it is reference data that requests never change. */
  hierarchy(): Promise<Hierarchy> {
    this.cachedHierarchy ??= this.repository.find().then((rows) => new Hierarchy(rows));
    return this.cachedHierarchy;
  }

  /** The names jurisdictions are known by beside GB/T 2260's (the importer's alias table), read once per process. */
  private aliases(): Promise<JurisdictionAlias[]> {
    this.cachedAliases ??= this.hierarchy().then((hierarchy) => loadJurisdictionAliases(hierarchy.rows));
    return this.cachedAliases;
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
    if (filter.search) {
      checkSearchText(filter.search);
      const text = filter.search.replace(/[%_]/g, '');
      const known = text.normalize('NFKC').replace(/\s+/g, '');
      const aliased = known ? (await this.aliases()).filter((a) => a.alias.includes(known)).map((a) => a.code) : [];
      query.andWhere(
        new Brackets((names) => {
          names.where('j.name LIKE :search', { search: `%${text}%` });
          if (aliased.length > 0) names.orWhere(...anyOf(this.dataSource, 'j.code', 'aliased', aliased));
        }),
      );
    }
    const totalCount = await query.getCount();
    if (afterCode) query.andWhere('j.code > :after', { after: afterCode });
    const rows = await query
      .orderBy('j.code', 'ASC')
      .limit(first + 1)
      .getMany();
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }
}
