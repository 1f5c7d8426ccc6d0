import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../src/config';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { createLogger } from '../../src/logger';
import { createApp, type App } from '../../src/server';
import { createTestDatabase, TEST_DB } from './database';

export const WRITE_TOKEN = 'test-write-token-0123456789';

export interface TestApi {
  app: App;
  dataSource: DataSource;
  /** Runs an operation through Apollo; returns `data`, or throws with the errors' messages and codes. */
  execute<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  /** Runs an operation once and returns its data and errors' codes, whichever it gave. */
  result<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ data: T | null; errors: { message: string; code: unknown }[] }>;
  /** Runs an operation and returns the raw errors (for bad-input tests). */
  errorsOf(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ message: string; code: unknown }[]>;
  /** SQL statements sent since the last reset. */
  statements: string[];
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    database: { type: 'sqlite', path: ':memory:' },
    writeTokens: [{ name: 'test-writer', token: WRITE_TOKEN }],
    maxPageSize: 500,
    maxCells: 200_000,
    logLevel: 'silent',
    ...overrides,
  };
}

/** A migrated database with the reference data, and the app over it, on SQLite or PostgreSQL. */
export async function createTestApi(
  kind: 'sqlite' | 'postgres' = TEST_DB,
  seed?: (dataSource: DataSource) => Promise<void>,
  overrides: Partial<Config> = {},
): Promise<TestApi> {
  const statements: string[] = [];
  const db = await createTestDatabase(kind, { onQuery: (sql) => statements.push(sql) });
  await ensureReferenceData(db.dataSource);
  if (seed) await seed(db.dataSource);
  const config = testConfig({ ...overrides, database: db.config });
  const app = await createApp({ config, dataSource: db.dataSource, logger: createLogger('silent') });
  statements.length = 0;

  const run = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await app.apollo.executeOperation({ query, variables }, { contextValue: app.contextFor(headers) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult;
  };

  return {
    app,
    dataSource: db.dataSource,
    statements,
    async execute<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
      const result = await run(query, variables, headers);
      if (result.errors?.length) {
        throw new Error(result.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('\n'));
      }
      return result.data as T;
    },
    async result<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
      const result = await run(query, variables, headers);
      return {
        data: (result.data ?? null) as T | null,
        errors: (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code })),
      };
    },
    async errorsOf(query, variables, headers) {
      const result = await run(query, variables, headers);
      return (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code }));
    },
    async close() {
      await app.stop();
      await db.drop();
    },
  };
}
