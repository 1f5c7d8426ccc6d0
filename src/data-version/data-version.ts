import type { DataSource, EntityManager } from 'typeorm';
import { DataVersionEntity } from './data-version.entity';

/*
 * The owner of the `data_version` row: every change of the data (the report store, curation, the
 * synthetic loader) bumps it here, and the HTTP cache reads it here for its ETags. Nothing else writes
 * the row.
 */

/** The id of the single row of `data_version`. */
export const DATA_VERSION_ROW = 1;

/** Bumps the data version; call it inside the transaction that changes the data. */
export async function bumpDataVersion(manager: EntityManager): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(DataVersionEntity)
    .set({ version: () => 'version + 1' })
    .where('id = :id', { id: DATA_VERSION_ROW })
    .execute();
}

/** The current data version: one primary-key read. 0 when the row is missing. */
export async function readDataVersion(source: DataSource | EntityManager): Promise<number> {
  const row = await source
    .getRepository(DataVersionEntity)
    .findOne({ where: { id: DATA_VERSION_ROW }, select: { id: true, version: true } });
  return row?.version ?? 0;
}
