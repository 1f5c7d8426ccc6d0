import type { Database, Statement } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** Prepared statements kept per reader; the hot paths use a few dozen texts at most. */
const STATEMENTS_KEPT = 256;

/**
 * Read-only statements of the request hot paths (roll-ups, cells), sent straight to TypeORM's own
 * connection: its better-sqlite3 connection on SQLite (each statement prepared once), its pg pool on
 * PostgreSQL. The statements and connections are the ones `dataSource.query` would use, minus its
 * per-call query runner, event broadcasting and result wrapping, which cost about as much as a small
 * indexed read itself. The TypeORM logger still sees every statement (statement-count tests rely on it).
 */
export class SqlReader {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly dataSource: DataSource) {}

  async all<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    const connection = this.sqlite();
    if (connection) {
      this.dataSource.logger.logQuery(sql, [...parameters]);
      return this.prepared(connection, sql).all(...parameters) as T[];
    }
    const pool = this.postgres();
    if (!pool) return this.dataSource.query<T[]>(sql, [...parameters]);
    this.dataSource.logger.logQuery(sql, [...parameters]);
    return (await pool.query<T & object>({ text: sql, values: [...parameters] })).rows;
  }

  /**
   * The rows of `sql` as arrays of its result columns, in the order they are selected. On SQLite the
   * statement runs in better-sqlite3's raw mode, on PostgreSQL in pg's array row mode: arrays instead
   * of one object with named properties per row, cheaper for the tens to thousands of rows of a
   * request's reads.
   */
  async tuples<T extends unknown[]>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    const connection = this.sqlite();
    if (connection) {
      this.dataSource.logger.logQuery(sql, [...parameters]);
      return this.prepared(connection, sql, true).all(...parameters) as T[];
    }
    const pool = this.postgres();
    if (!pool) {
      const rows = await this.dataSource.query<Record<string, unknown>[]>(sql, [...parameters]);
      return rows.map((row) => Object.values(row) as T);
    }
    this.dataSource.logger.logQuery(sql, [...parameters]);
    return (await pool.query<T>({ text: sql, values: [...parameters], rowMode: 'array' })).rows;
  }

  /** The statement prepared once per text (and mode: `raw` statements return arrays). */
  private prepared(connection: Database, sql: string, raw = false): Statement {
    const key = raw ? `raw:${sql}` : sql;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = connection.prepare(sql);
      if (raw) statement.raw(true);
      if (this.statements.size >= STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(key, statement);
    }
    return statement;
  }

  private postgres(): Pool | null {
    if (this.dataSource.options.type !== 'postgres') return null;
    return (this.dataSource.driver as unknown as { master?: Pool }).master ?? null;
  }

  private sqlite(): Database | null {
    if (this.dataSource.options.type !== 'better-sqlite3') return null;
    return (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  }
}
