import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../src/config';
import { createDataSource, type QueryListener } from '../../src/data-source';

/** The database the api tier runs on: SQLite unless the jest project says PostgreSQL. */
export const TEST_DB: 'sqlite' | 'postgres' = process.env.OGI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export const POSTGRES_URL = process.env.OGI_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, migrated database: in-memory SQLite, or a schema of its own on PostgreSQL. */
export async function createTestDatabase(
  kind: 'sqlite' | 'postgres' = TEST_DB,
  options: { onQuery?: QueryListener } = {},
): Promise<{ dataSource: DataSource; config: DatabaseConfig; drop(): Promise<void> }> {
  let config: DatabaseConfig;
  let dropSchema = async () => {};
  if (kind === 'postgres') {
    const schema = `test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    config = { type: 'postgres', url: POSTGRES_URL, schema };
    dropSchema = async () => {
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    };
  } else {
    config = { type: 'sqlite', path: ':memory:' };
  }
  const dataSource = createDataSource(config, options);
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    config,
    async drop() {
      await dataSource.destroy();
      await dropSchema();
    },
  };
}
