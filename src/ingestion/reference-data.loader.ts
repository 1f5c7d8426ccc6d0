import type { DataSource, EntityManager } from 'typeorm';
import { RollupMaterialiser } from '../rollups/rollup.materialiser';
import { chunk } from '../batch';
import { loadIndicatorCatalog } from '../indicators/indicator.catalog';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { loadDivisions } from '../jurisdictions/division.catalog';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';

/**
 * Loads the division hierarchy and the indicator catalog when the database lacks them (first start),
 * in one transaction. Rows already present are left alone, but for the catalog's labels: a release that
 * names an indicator better (the derived ratios' Chinese names) renames it in a database made before, so
 * a restart costs two counts, one read of the catalog's labels and one probe of the derived roll-ups.
 */
export async function ensureReferenceData(dataSource: DataSource): Promise<{ jurisdictions: number; indicators: number }> {
  return dataSource.transaction(async (manager) => {
    let jurisdictions = 0;
    let indicators = 0;
    if ((await manager.count(JurisdictionEntity)) === 0) {
      // Parents before children, so the self-referencing foreign key holds row by row.
      const rank = { PROVINCE: 0, PREFECTURE: 1, COUNTY: 2 } as const;
      const rows = loadDivisions().sort((a, b) => rank[a.level] - rank[b.level]);
      await insertAll(manager, JurisdictionEntity, rows);
      jurisdictions = rows.length;
    }
    if ((await manager.count(IndicatorEntity)) === 0) {
      const rows = loadIndicatorCatalog();
      await insertAll(manager, IndicatorEntity, rows);
      indicators = rows.length;
      // Roll-ups stored before the catalog (none in practice) get their derived values now.
      await new RollupMaterialiser(dataSource).refreshDerived(manager, null, null);
    } else {
      await relabelIndicators(manager);
      // Roll-ups stored before their derived table existed (its migration creates it empty) get them now.
      await new RollupMaterialiser(dataSource).fillDerivedIfEmpty(manager);
    }
    return { jurisdictions, indicators };
  });
}

/** Labels are the only part of a catalog row a release may change in place: codes, units and rules stay. */
async function relabelIndicators(manager: EntityManager): Promise<void> {
  const stored = new Map(
    (await manager.find(IndicatorEntity, { select: { code: true, rowLabelZh: true, columnLabelZh: true, labelEn: true } })).map((i) => [
      i.code,
      i,
    ]),
  );
  for (const row of loadIndicatorCatalog()) {
    const current = stored.get(row.code);
    if (
      !current ||
      (current.rowLabelZh === row.rowLabelZh && current.columnLabelZh === row.columnLabelZh && current.labelEn === row.labelEn)
    )
      continue;
    await manager.update(
      IndicatorEntity,
      { code: row.code },
      { rowLabelZh: row.rowLabelZh, columnLabelZh: row.columnLabelZh, labelEn: row.labelEn },
    );
  }
}

async function insertAll<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (const part of chunk(rows, 200)) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(part as never)
      .execute();
  }
}
