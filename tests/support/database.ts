import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../src/config';
import { createDataSource, type QueryListener } from '../../src/data-source';
import { PROJECT_ROOT } from '../../src/paths';

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

/**
 * `describe` for tests that need PostgreSQL: they run when it answers at POSTGRES_URL, and always in CI
 * (CI=true), where an unreachable server fails them; elsewhere they are skipped with a warning naming
 * `what`. (Checked once, synchronously, by a child process: `describe` blocks are declared synchronously.)
 */
export function describeWithPostgres(what: string): jest.Describe {
  const inCI = process.env.CI === 'true' || process.env.CI === '1';
  const enabled = inCI || postgresAnswers();
  if (!enabled) console.warn(`${what} skipped: nothing answers at ${POSTGRES_URL} (in CI it is required).`);
  return enabled ? describe : describe.skip;
}

function postgresAnswers(): boolean {
  try {
    execFileSync(
      process.execPath,
      [
        '-e',
        `
      const { Client } = require('pg');
      const c = new Client({ connectionString: ${JSON.stringify(POSTGRES_URL)}, connectionTimeoutMillis: 3000 });
      c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
    `,
      ],
      { stdio: 'ignore', timeout: 10000, cwd: PROJECT_ROOT },
    );
    return true;
  } catch {
    return false;
  }
}
