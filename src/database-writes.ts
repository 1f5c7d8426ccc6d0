import { statSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { DatabaseUnavailableError, LimitExceededError } from './errors';

/**
 * The writes of one database, one at a time, and only while the database can keep them.
 *
 * One at a time: TypeORM's better-sqlite3 driver has a single connection and a single query runner,
 * so a second `transaction()` begun while one is open (an import awaiting between its statements)
 * becomes a SAVEPOINT inside the first: the two imports would commit or roll back together, and a
 * failure of one would silently undo the other. Every write goes through `run`, which starts the
 * next only when the previous one has ended (on PostgreSQL too: imports are rare, and one order of
 * writes per process is easier to reason about; replicas are serialised by advisory locks). At most
 * `maxWaiting` writes wait; beyond, 503 OVERLOADED.
 *
 * Only while it can keep them: a SQLite file deleted or replaced under a running server is still open
 * (its inode lives on until closed), so writes would succeed into a file nobody will read again. The
 * file's identity is taken when this object is made (at start-up) and compared before every write and
 * by the readiness probe.
 */
export class DatabaseWrites {
  private static readonly byDataSource = new WeakMap<DataSource, DatabaseWrites>();

  /** The one instance per data source: every writer of a database shares its queue. */
  static of(dataSource: DataSource): DatabaseWrites {
    let writes = DatabaseWrites.byDataSource.get(dataSource);
    if (!writes) DatabaseWrites.byDataSource.set(dataSource, (writes = new DatabaseWrites(dataSource)));
    return writes;
  }

  /** Writes that may wait behind the running one (the server sets OGI_WRITE_QUEUE; the CLI waits for all). */
  maxWaiting = Number.POSITIVE_INFINITY;
  private pending = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly file: { path: string; dev: number; ino: number } | null;

  private constructor(dataSource: DataSource) {
    const path = dataSource.options.type === 'better-sqlite3' ? String(dataSource.options.database) : null;
    this.file = null;
    if (path && path !== ':memory:' && !path.startsWith('file:')) {
      try {
        const { dev, ino } = statSync(path);
        this.file = { path, dev, ino };
      } catch {
        // Not there yet: nothing to compare with.
      }
    }
  }

  /** Why the database cannot keep writes now (its SQLite file gone or replaced), or null. */
  fileProblem(): string | null {
    if (!this.file) return null;
    try {
      const { dev, ino } = statSync(this.file.path);
      if (dev !== this.file.dev || ino !== this.file.ino)
        return `the database file ${this.file.path} was replaced after the server opened it`;
      return null;
    } catch (error) {
      return `the database file ${this.file.path} is gone (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`;
    }
  }

  /** Runs `work` when every write before it has ended; refuses it when the queue is full or the file is gone. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.pending > this.maxWaiting) {
      throw new LimitExceededError(
        'OVERLOADED',
        `${this.pending} imports are already running or waiting (OGI_WRITE_QUEUE). Try again in a few seconds.`,
        {
          retryAfterSeconds: 5,
          http: { status: 503, headers: new Map([['retry-after', '5']]) },
        },
      );
    }
    this.pending += 1;
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      const problem = this.fileProblem();
      if (problem)
        throw new DatabaseUnavailableError(
          `Nothing was stored: ${problem}. The server cannot keep writes until it is restarted on its database.`,
        );
      return await work();
    } finally {
      this.pending -= 1;
      done();
    }
  }
}
