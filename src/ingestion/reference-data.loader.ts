import type { DataSource, EntityManager } from 'typeorm';
import { RollupService } from '../rollups/rollup.service';
import { chunk } from '../batch';
import { loadIndicatorCatalog } from '../indicators/indicator.catalog';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { loadDivisions } from '../jurisdictions/division.catalog';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';

/**
 * Loads the division hierarchy and the indicator catalog when the database lacks them (first start),
 * in one transaction. Rows already present are left alone, so a restart costs two counts.
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
      await new RollupService(dataSource).refreshDerived(manager, null, null);
    }
    return { jurisdictions, indicators };
  });
}

async function insertAll<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (const part of chunk(rows, 200)) {
    await manager.createQueryBuilder().insert().into(entity).values(part as never).execute();
  }
}
