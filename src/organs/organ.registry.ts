import type { EntityManager } from 'typeorm';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';
import { canonicalOrganName, organAliases, type OrganAliases } from './organ-name';
import { OrganEntity } from './organ.entity';

/** A printed organ name as a report gives it. */
export interface PrintedOrgan {
  jurisdictionCode: string;
  /** The name as printed. */
  organ: string;
  year: number;
}

/**
 * Maps a printed organ name to its organ (organ-name.ts: normalised, then through the alias table) and
 * makes the organ on its first report. Works inside the caller's transaction.
 */
export class OrganRegistry {
  /** Names of the province and prefecture above each jurisdiction: reference data, read once per code. */
  private readonly ancestors = new Map<string, Promise<string[]>>();

  constructor(private readonly aliases: OrganAliases = organAliases()) {}

  /** The registry name the printed name stands for in its jurisdiction and year. */
  async nameOf(manager: EntityManager, printed: PrintedOrgan): Promise<string> {
    return canonicalOrganName(
      printed.jurisdictionCode,
      printed.organ,
      printed.year,
      this.aliases,
      await this.ancestorsOf(manager, printed.jurisdictionCode),
    );
  }

  /** The organ a printed name stands for, or null when none of its reports is stored yet. Reads only. */
  async find(manager: EntityManager, printed: PrintedOrgan): Promise<OrganEntity | null> {
    return manager.findOne(OrganEntity, {
      where: { jurisdictionCode: printed.jurisdictionCode, name: await this.nameOf(manager, printed) },
    });
  }

  /**
   * The organ, made on its first report. Concurrent first reports of one organ (PostgreSQL, several
   * importers) both end up with the one row: the insert skips an existing name and waits for one being
   * inserted by another transaction.
   */
  async resolve(manager: EntityManager, printed: PrintedOrgan & { organKind: string }): Promise<OrganEntity> {
    const name = await this.nameOf(manager, printed);
    const where = { jurisdictionCode: printed.jurisdictionCode, name };
    const existing = await manager.findOne(OrganEntity, { where });
    if (existing) return existing;
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrganEntity)
      .values({ ...where, kind: printed.organKind })
      .orIgnore()
      .execute();
    return manager.findOneOrFail(OrganEntity, { where });
  }

  /**
   * An organ's kind is the one the importer gave its latest report: called after a report was stored,
   * it takes the report's kind unless a later year of the organ is stored.
   */
  async followKind(manager: EntityManager, organId: number, year: number, kind: string): Promise<void> {
    const report = quotedPath(manager.connection.getMetadata('report').tablePath);
    await manager
      .createQueryBuilder()
      .update(OrganEntity)
      .set({ kind })
      .where('id = :organId AND kind <> :kind', { organId, kind })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM ${report} r WHERE r.organ_id = :organId AND r.superseded_by_id IS NULL AND r.withdrawn_at IS NULL AND r.year > :year)`,
        { year },
      )
      .execute();
  }

  private ancestorsOf(manager: EntityManager, code: string): Promise<string[]> {
    let names = this.ancestors.get(code);
    if (!names) {
      names = (async () => {
        const row = await manager.findOne(JurisdictionEntity, {
          where: { code },
          select: { code: true, provinceCode: true, prefectureCode: true },
        });
        const codes = [row?.provinceCode, row?.prefectureCode].filter((c): c is string => !!c && c !== code);
        if (codes.length === 0) return [];
        const rows = await manager.find(JurisdictionEntity, { where: codes.map((c) => ({ code: c })), select: { code: true, name: true } });
        return codes.map((c) => rows.find((r) => r.code === c)?.name ?? '').filter(Boolean);
      })();
      this.ancestors.set(code, names);
      names.catch(() => this.ancestors.delete(code));
    }
    return names;
  }
}

/** `schema.table` or `table`, each part double-quoted (both databases accept it). */
export function quotedPath(tablePath: string): string {
  return tablePath
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
