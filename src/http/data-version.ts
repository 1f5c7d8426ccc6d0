import type { DataSource, EntityManager } from 'typeorm';
import { DataVersionEntity } from './data-version.entity';

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
  const row = await source.getRepository(DataVersionEntity).findOne({ where: { id: DATA_VERSION_ROW }, select: { id: true, version: true } });
  return row?.version ?? 0;
}
