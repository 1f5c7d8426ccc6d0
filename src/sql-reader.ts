import type { Database, Statement } from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/** Prepared statements kept per reader; the hot paths use a few dozen texts at most. */
const STATEMENTS_KEPT = 256;

/**
 * Read-only statements of the request hot paths (roll-ups, cells). On PostgreSQL they go through
 * `dataSource.query`. On SQLite they run straight on TypeORM's own better-sqlite3 connection, prepared
 * once: the statement and the connection are the ones `dataSource.query` would use, minus its
 * per-call query runner, event broadcasting and result wrapping, which cost about as much as a small
 * indexed read itself. The TypeORM logger still sees every statement (statement-count tests rely on it).
 */
export class SqlReader {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly dataSource: DataSource) {}

  async all<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    const connection = this.sqlite();
    if (!connection) return this.dataSource.query<T[]>(sql, [...parameters]);
    this.dataSource.logger.logQuery(sql, [...parameters]);
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      if (this.statements.size >= STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, statement);
    }
    return statement.all(...parameters) as T[];
  }

  private sqlite(): Database | null {
    if (this.dataSource.options.type !== 'better-sqlite3') return null;
    return (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  }
}
