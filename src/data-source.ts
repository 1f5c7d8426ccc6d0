import pg from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { DatabaseConfig } from './config';
import { IndicatorEntity } from './indicators/indicator.entity';
import { JurisdictionEntity } from './jurisdictions/jurisdiction.entity';
import { ObservationEntity } from './observations/observation.entity';
import { OrganEntity } from './organs/organ.entity';
import { ReportEntity } from './reports/report.entity';
import { RollupEntity } from './rollups/rollup.entity';
import { RollupDerivedEntity } from './rollups/rollup-derived.entity';
import { CurrentValueEntity } from './rollups/current-value.entity';
import { RollupBestEntity } from './rollups/rollup-best.entity';
import { DataVersionEntity } from './data-version/data-version.entity';
import { InitialSchema1764200000000 } from '../migrations/1764200000000-initial-schema';
import { RollupTable1764300000000 } from '../migrations/1764300000000-rollup-table';
import { DataVersion1764400000000 } from '../migrations/1764400000000-data-version';
import { RollupByLevel1764500000000 } from '../migrations/1764500000000-rollup-by-level';
import { RollupDerived1764600000000 } from '../migrations/1764600000000-rollup-derived';
import { CurrentValue1764700000000 } from '../migrations/1764700000000-current-value';
import { Organs1764800000000 } from '../migrations/1764800000000-organs';
import { ScopeEvidence1764810000000 } from '../migrations/1764810000000-scope-evidence';
import { Curation1764900000000 } from '../migrations/1764900000000-curation';
import { RollupBest1765000000000 } from '../migrations/1765000000000-rollup-best';
import { AuditEntryEntity, AuditReportEntity } from './curation/audit.entity';

export const ENTITIES = [
  JurisdictionEntity,
  IndicatorEntity,
  OrganEntity,
  ReportEntity,
  ObservationEntity,
  RollupEntity,
  RollupDerivedEntity,
  CurrentValueEntity,
  DataVersionEntity,
  AuditEntryEntity,
  AuditReportEntity,
  RollupBestEntity,
];
export const MIGRATIONS = [
  InitialSchema1764200000000,
  RollupTable1764300000000,
  DataVersion1764400000000,
  RollupByLevel1764500000000,
  RollupDerived1764600000000,
  CurrentValue1764700000000,
  Organs1764800000000,
  ScopeEvidence1764810000000,
  Curation1764900000000,
  RollupBest1765000000000,
];

/** Sees every SQL statement sent; the statement-count tests and request timing use it. */
export type QueryListener = (sql: string) => void;

function listeningLogger(onQuery: QueryListener): TypeOrmLogger {
  return {
    logQuery: (query) => onQuery(query),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
}

/**
 * pg 8 leaves a client whose query timed out on the wire (query_timeout: the server never answered)
 * unusable — it is never ready for a query again — and the pool hands it out again
 * (brianc/node-postgres#3399), so a database that stopped answering once would keep every pooled
 * connection stuck after it recovers. A client given back while not ready for a query is closed here,
 * and the pool opens a fresh one when needed.
 */
class ReplacingPool extends pg.Pool {
  constructor(options?: pg.PoolConfig) {
    super(options);
    this.on('release', (_error, client) => {
      const state = client as unknown as { readyForQuery?: boolean; connection?: { stream?: { destroy(): void } } };
      if (state.readyForQuery === false) state.connection?.stream?.destroy();
    });
  }
}

/** The pg module as TypeORM loads it, with the pool above. */
const PG_DRIVER: unknown = Object.create(pg, { Pool: { value: ReplacingPool } });

/**
 * Whether an error says the database could not answer in time or at all (rather than that a request
 * or our code is wrong): pg's connect, pool and read timeouts, a statement stopped by
 * statement_timeout, a connection lost, SQLite busy past its busy timeout. Such a request may succeed
 * later: it is answered 503 DATABASE_UNAVAILABLE, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e && depth < 4;
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause, depth++
  ) {
    const { message, code } = e as { message?: unknown; code?: unknown };
    if (code === '57014' || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'ECONNREFUSED' || code === 'ECONNRESET')
      return true;
    if (
      typeof message === 'string' &&
      /Query read timeout|timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(message)
    )
      return true;
  }
  return false;
}

/** The schema is owned by the migrations alone: never `synchronize`. */
export function createDataSource(database: DatabaseConfig, options: { onQuery?: QueryListener } = {}): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    ...(options.onQuery ? { logging: ['query' as const], logger: listeningLogger(options.onQuery) } : { logging: false }),
  };
  if (database.type === 'postgres') {
    const t = database.timeouts;
    // pg applies connectionTimeoutMillis both to connecting and to waiting for a free pooled connection;
    // statement_timeout stops a statement on the server, query_timeout gives up on the client when the
    // server does not answer at all (a little later, so a live server's own error wins).
    const statements = t?.statementMs ? { statement_timeout: t.statementMs, query_timeout: t.statementMs + 1_000 } : {};
    const bounds = t ? { connectTimeoutMS: t.connectMs, poolSize: t.poolSize, extra: { ...statements, keepAlive: true } } : {};
    return new DataSource({ ...common, type: 'postgres', url: database.url, schema: database.schema, driver: PG_DRIVER, ...bounds });
  }
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // better-sqlite3 waits for another process's lock synchronously (the event loop with it), and offers
    // no progress handler or interrupt to bound a statement: the wait is kept short instead.
    ...(database.busyTimeoutMs !== undefined ? { timeout: database.busyTimeoutMs } : {}),
    // WAL lets readers go on while an import writes; foreign keys are off by default in SQLite.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
    },
  });
}
