import type { Database as SqliteDatabase } from 'better-sqlite3';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { createDataSource } from '../data-source';
import { bumpDataVersion } from '../data-version/data-version';
import { ensureReferenceData } from '../ingestion/reference-data.loader';
import { normaliseOrganName } from '../organs/organ-name';
import { ReportEntity } from '../reports/report.entity';
import { RollupMaterialiser } from '../rollups/rollup.materialiser';
import { generateNational, type GeneratedReport, type GeneratedYear, type SyntheticOptions } from './national';

export interface SynthesizeResult {
  reports: number;
  observations: number;
  /** Generating and writing reports and observations (the bulk load). */
  loadSeconds: number;
  /** Recomputing the materialised roll-ups and the planner statistics afterwards. */
  finishSeconds: number;
}

export type Progress = (message: string) => void;

/**
 * Loads synthetic national data into a database of its own: migrations and reference data first
 * (through TypeORM), then reports and observations in bulk through the driver — one transaction per
 * year, prepared multi-row INSERTs on SQLite, array-bound INSERT … SELECT unnest(…) on PostgreSQL —
 * then the roll-ups and statistics. Refuses a database holding real (imported) reports; synthetic ones
 * from an earlier run are replaced.
 */
export async function synthesize(
  database: DatabaseConfig,
  options: SyntheticOptions,
  progress: Progress = () => {},
): Promise<SynthesizeResult> {
  if (database.type === 'postgres' && database.schema) await createSchema(database.url, database.schema);
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await ensureReferenceData(dataSource);
    const reports = dataSource.getRepository(ReportEntity);
    if ((await reports.countBy({ synthetic: false })) > 0) {
      throw new Error(
        'This database holds real (imported) reports: synthetic data go into a database of their own (--sqlite FILE, or --postgres URL --schema S).',
      );
    }
    const writer = database.type === 'postgres' ? await PostgresWriter.open(database.url, database.schema) : new SqliteWriter(dataSource);
    const started = performance.now();
    let reportCount = 0;
    let observationCount = 0;
    try {
      await writer.clear();
      for (const year of generateNational(options)) {
        await writer.write(year);
        reportCount += year.reports.length;
        observationCount += year.observations;
        const seconds = (performance.now() - started) / 1000;
        progress(
          `${year.year}: ${year.reports.length.toLocaleString('en')} reports, ${year.observations.toLocaleString('en')} observations (${Math.round(observationCount / seconds).toLocaleString('en')} observations/s so far)`,
        );
      }
      await writer.finish();
    } finally {
      await writer.close();
    }
    const loadSeconds = (performance.now() - started) / 1000;
    progress('recomputing roll-ups and planner statistics');
    const finishing = performance.now();
    await new RollupMaterialiser(dataSource).rebuild();
    await dataSource.query('ANALYZE');
    await dataSource.transaction((manager) => bumpDataVersion(manager));
    return { reports: reportCount, observations: observationCount, loadSeconds, finishSeconds: (performance.now() - finishing) / 1000 };
  } finally {
    await dataSource.destroy();
  }
}

interface Writer {
  /** Removes the synthetic reports of an earlier run. */
  clear(): Promise<void>;
  write(year: GeneratedYear): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

const OBSERVATION_ROWS_PER_STATEMENT = 200;

/** better-sqlite3 through TypeORM's own connection: synchronous prepared statements, one transaction per year. */
class SqliteWriter implements Writer {
  private readonly db: SqliteDatabase;
  /** Secondary indexes of `observation`, dropped during the load and built once at the end (a sort is faster than 8 M inserts). */
  private indexes: { name: string; sql: string }[] = [];

  constructor(dataSource: DataSource) {
    this.db = (dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
  }

  private readonly organs = new OrganIds();

  async clear(): Promise<void> {
    this.db.exec(
      'DELETE FROM observation WHERE report_id IN (SELECT id FROM report WHERE synthetic = 1); DELETE FROM report WHERE synthetic = 1; DELETE FROM organ WHERE id NOT IN (SELECT organ_id FROM report);',
    );
    this.organs.start(this.db.prepare('SELECT id, jurisdiction_code AS j, name FROM organ').all() as OrganRow[]);
    // A bulk load into a database of its own: no WAL (pages would be written twice), journal in memory.
    this.db.pragma('journal_mode = MEMORY');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -262144');
    this.indexes = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation' AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    for (const index of this.indexes) this.db.exec(`DROP INDEX "${index.name}"`);
  }

  async write(year: GeneratedYear): Promise<void> {
    const insertOrgan = this.db.prepare('INSERT INTO organ (id, jurisdiction_code, name, kind) VALUES (?, ?, ?, ?)');
    const insertReport = this.db.prepare(
      `INSERT INTO report (id, jurisdiction_code, year, organ, organ_id, organ_kind, scope, format_version, source_url, content_hash, revision, superseded_by_id, synthetic, missing_parts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, NULL, 1, NULL)`,
    );
    const many = this.db.prepare(
      `INSERT INTO observation (report_id, indicator_code, value, status) VALUES ${Array(OBSERVATION_ROWS_PER_STATEMENT).fill('(?, ?, ?, ?)').join(', ')}`,
    );
    const one = this.db.prepare('INSERT INTO observation (report_id, indicator_code, value, status) VALUES (?, ?, ?, ?)');
    this.db.transaction((reports: GeneratedReport[]) => {
      const organIds = this.organs.assign(reports);
      for (const organ of this.organs.made.splice(0)) insertOrgan.run(organ.id, organ.j, organ.name, organ.kind);
      const batch: unknown[] = [];
      for (const [index, r] of reports.entries()) {
        insertReport.run(r.id, r.jurisdictionCode, r.year, r.organ, organIds[index], r.organKind, r.scope, r.formatVersion, r.contentHash);
        for (let i = 0; i < r.codes.length; i++) {
          batch.push(r.id, r.codes[i], r.values[i], r.statuses[i]);
          if (batch.length === OBSERVATION_ROWS_PER_STATEMENT * 4) {
            many.run(batch);
            batch.length = 0;
          }
        }
      }
      for (let i = 0; i < batch.length; i += 4) one.run(batch.slice(i, i + 4));
    })(year.reports);
  }

  async finish(): Promise<void> {
    this.restore();
  }

  async close(): Promise<void> {
    this.restore();
  }

  private restore(): void {
    for (const index of this.indexes.splice(0)) this.db.exec(index.sql);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
  }
}

const POSTGRES_ROWS_PER_STATEMENT = 50_000;

/**
 * A pg client of its own on the schema: whole arrays bound per statement, one transaction per year.
 * The observation table's foreign keys and secondary indexes are dropped during the load and made
 * again at the end (one validating scan and one sort instead of 8 M trigger checks and index inserts).
 */
class PostgresWriter implements Writer {
  private deferred: string[] = [];

  private constructor(private readonly client: Client) {}

  static async open(url: string, schema = 'public'): Promise<PostgresWriter> {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`SET search_path TO ${quoteIdentifier(schema)}`);
    return new PostgresWriter(client);
  }

  private readonly organs = new OrganIds();

  async clear(): Promise<void> {
    await this.client.query('DELETE FROM observation WHERE report_id IN (SELECT id FROM report WHERE synthetic)');
    await this.client.query('DELETE FROM report WHERE synthetic');
    await this.client.query('DELETE FROM organ WHERE id NOT IN (SELECT organ_id FROM report)');
    this.organs.start((await this.client.query<OrganRow>('SELECT id, jurisdiction_code AS j, name FROM organ')).rows);
    const constraints = await this.client.query<{ name: string; def: string }>(
      "SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'observation'::regclass AND contype = 'f'",
    );
    const indexes = await this.client.query<{ name: string; def: string }>(
      "SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = 'observation'::regclass AND NOT x.indisprimary",
    );
    for (const c of constraints.rows) {
      await this.client.query(`ALTER TABLE observation DROP CONSTRAINT ${quoteIdentifier(c.name)}`);
      this.deferred.push(`ALTER TABLE observation ADD CONSTRAINT ${quoteIdentifier(c.name)} ${c.def}`);
    }
    for (const i of indexes.rows) {
      await this.client.query(`DROP INDEX ${quoteIdentifier(i.name)}`);
      this.deferred.push(i.def);
    }
  }

  async write(year: GeneratedYear): Promise<void> {
    const { reports } = year;
    await this.client.query('BEGIN');
    try {
      const organIds = this.organs.assign(reports);
      const made = this.organs.made.splice(0);
      await this.client.query(
        'INSERT INTO organ (id, jurisdiction_code, name, kind) SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[])',
        [made.map((o) => o.id), made.map((o) => o.j), made.map((o) => o.name), made.map((o) => o.kind)],
      );
      await this.client.query(
        `INSERT INTO report (id, jurisdiction_code, year, organ, organ_id, organ_kind, scope, format_version, content_hash, revision, synthetic)
         SELECT *, 1, true FROM unnest($1::int[], $2::varchar[], $3::int[], $4::varchar[], $5::int[], $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[])`,
        [
          reports.map((r) => r.id),
          reports.map((r) => r.jurisdictionCode),
          reports.map((r) => r.year),
          reports.map((r) => r.organ),
          organIds,
          reports.map((r) => r.organKind),
          reports.map((r) => r.scope),
          reports.map((r) => r.formatVersion),
          reports.map((r) => r.contentHash),
        ],
      );
      let ids: number[] = [];
      let codes: string[] = [];
      let values: (number | null)[] = [];
      let statuses: string[] = [];
      const flush = async () => {
        if (ids.length === 0) return;
        await this.client.query(
          'INSERT INTO observation (report_id, indicator_code, value, status) SELECT * FROM unnest($1::int[], $2::varchar[], $3::float8[], $4::varchar[])',
          [ids, codes, values, statuses],
        );
        [ids, codes, values, statuses] = [[], [], [], []];
      };
      for (const r of reports) {
        for (let i = 0; i < r.codes.length; i++) {
          ids.push(r.id);
          codes.push(r.codes[i]);
          values.push(r.values[i]);
          statuses.push(r.statuses[i]);
        }
        if (ids.length >= POSTGRES_ROWS_PER_STATEMENT) await flush();
      }
      await flush();
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }

  async finish(): Promise<void> {
    await this.client.query("SELECT setval(pg_get_serial_sequence('report', 'id'), (SELECT COALESCE(MAX(id), 1) FROM report))");
    await this.client.query("SELECT setval(pg_get_serial_sequence('organ', 'id'), (SELECT COALESCE(MAX(id), 1) FROM organ))");
    await this.restore();
  }

  async close(): Promise<void> {
    try {
      await this.restore();
    } finally {
      await this.client.end();
    }
  }

  private async restore(): Promise<void> {
    await this.client.query("SET maintenance_work_mem = '256MB'");
    for (const statement of this.deferred.splice(0)) await this.client.query(statement);
  }
}

interface OrganRow {
  id: number;
  j: string;
  name: string;
}

/**
 * Organ ids of synthetic reports, assigned as the writers meet new organs (one per jurisdiction and
 * name, as the organ registry would make them; synthetic names carry no variants to settle).
 */
class OrganIds {
  private readonly ids = new Map<string, number>();
  private next = 1;
  /** Organs met since the last call, to insert before their reports. */
  readonly made: (OrganRow & { kind: string })[] = [];

  start(existing: readonly OrganRow[]): void {
    this.ids.clear();
    for (const organ of existing) this.ids.set(`${organ.j}|${organ.name}`, Number(organ.id));
    this.next = Math.max(0, ...existing.map((o) => Number(o.id))) + 1;
  }

  assign(reports: readonly GeneratedReport[]): number[] {
    return reports.map((r) => {
      const name = normaliseOrganName(r.organ);
      const key = `${r.jurisdictionCode}|${name}`;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.next++;
        this.ids.set(key, id);
        this.made.push({ id, j: r.jurisdictionCode, name, kind: r.organKind });
      }
      return id;
    });
  }
}

async function createSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
