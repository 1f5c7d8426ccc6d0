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
import { DataVersionEntity } from './http/data-version.entity';
import { InitialSchema1764200000000 } from '../migrations/1764200000000-initial-schema';
import { RollupTable1764300000000 } from '../migrations/1764300000000-rollup-table';
import { DataVersion1764400000000 } from '../migrations/1764400000000-data-version';
import { RollupByLevel1764500000000 } from '../migrations/1764500000000-rollup-by-level';
import { RollupDerived1764600000000 } from '../migrations/1764600000000-rollup-derived';
import { CurrentValue1764700000000 } from '../migrations/1764700000000-current-value';
import { Organs1764800000000 } from '../migrations/1764800000000-organs';
import { ScopeEvidence1764810000000 } from '../migrations/1764810000000-scope-evidence';
import { RollupBest1765000000000 } from '../migrations/1765000000000-rollup-best';

export const ENTITIES = [JurisdictionEntity, IndicatorEntity, OrganEntity, ReportEntity, ObservationEntity, RollupEntity, RollupDerivedEntity, CurrentValueEntity, DataVersionEntity, RollupBestEntity];
export const MIGRATIONS = [InitialSchema1764200000000, RollupTable1764300000000, DataVersion1764400000000, RollupByLevel1764500000000, RollupDerived1764600000000, CurrentValue1764700000000, Organs1764800000000, ScopeEvidence1764810000000, RollupBest1765000000000];

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
    return new DataSource({ ...common, type: 'postgres', url: database.url, schema: database.schema });
  }
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // WAL lets readers go on while an import writes; foreign keys are off by default in SQLite.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
    },
  });
}
