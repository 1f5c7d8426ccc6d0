import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { DatabaseWrites } from '../database-writes';
import type { Logger } from '../logger';

export interface Readiness {
  ready: boolean;
  /** Why not, one sentence each, with details (for the log and for callers with a write token). */
  reasons: string[];
  /** The same reasons without details, for anonymous callers. */
  publicReasons: string[];
}

const DATABASE_UNAVAILABLE = 'the database is not available';

/**
 * Ready to serve: the database answers `SELECT 1` within `timeoutMs`, its SQLite file is still the one
 * the server opened (DatabaseWrites), and no migration is pending. A database that accepts connections
 * but never answers makes the check fail at the time limit (the statement itself is given up by pg's
 * query timeout). The liveness probe (`/healthz`) only says the process is up.
 */
export async function checkReadiness(dataSource: DataSource, timeoutMs: number): Promise<Readiness> {
  const fail = (reason: string, publicReason = DATABASE_UNAVAILABLE): Readiness => ({
    ready: false,
    reasons: [reason],
    publicReasons: [publicReason],
  });
  if (!dataSource.isInitialized) return fail('the database connection is closed');
  const fileProblem = DatabaseWrites.of(dataSource).fileProblem();
  if (fileProblem) return fail(fileProblem);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answered = await Promise.race([
      (async () => {
        await dataSource.query('SELECT 1');
        return (await dataSource.showMigrations()) ? ('pending' as const) : ('ready' as const);
      })(),
      timeout,
    ]);
    if (answered === 'timeout') return fail(`the database did not answer within ${timeoutMs} ms (OGI_READY_TIMEOUT_MS)`);
    if (answered === 'pending') {
      const reason = 'migrations are pending: restart the server (it applies them) or run them';
      return { ready: false, reasons: [reason], publicReasons: [reason] };
    }
    return { ready: true, reasons: [], publicReasons: [] };
  } catch (error) {
    return fail(`the database does not answer: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /readyz: 200 `{status:"ready"}`, or 503 `{status:"unavailable", reasons}`. Never cached. Anonymous
 * callers get generic reasons; the details (error messages, paths, hosts) go to the log, once per change,
 * and to callers with a write token. Probes arriving while a check runs share it, so a database that
 * hangs does not pile up checks.
 */
export function mountReadiness(
  app: Express,
  options: { dataSource: DataSource; timeoutMs: number; logger: Logger; trusted: (authorization: string | undefined) => boolean },
): void {
  const { dataSource, timeoutMs, logger, trusted } = options;
  let running: Promise<Readiness> | null = null;
  let lastLogged = '';
  app.get('/readyz', async (req, res) => {
    running ??= checkReadiness(dataSource, timeoutMs).finally(() => {
      running = null;
    });
    const { ready, reasons, publicReasons } = await running;
    const state = reasons.join('; ');
    if (state !== lastLogged) {
      lastLogged = state;
      if (ready) logger.info('ready');
      else logger.warn('not ready', { reasons });
    }
    res.set('cache-control', 'no-store');
    res
      .status(ready ? 200 : 503)
      .json(ready ? { status: 'ready' } : { status: 'unavailable', reasons: trusted(req.headers.authorization) ? reasons : publicReasons });
  });
}
