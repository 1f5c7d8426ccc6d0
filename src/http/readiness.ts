import type { Express } from 'express';
import type { DataSource } from 'typeorm';

export interface Readiness {
  ready: boolean;
  /** Why not, one sentence each. */
  reasons: string[];
}

/**
 * Ready to serve: the database answers `SELECT 1` and no migration is pending. The liveness probe
 * (`/healthz`) only says the process is up.
 */
export async function checkReadiness(dataSource: DataSource): Promise<Readiness> {
  const reasons: string[] = [];
  if (!dataSource.isInitialized) return { ready: false, reasons: ['the database connection is closed'] };
  try {
    await dataSource.query('SELECT 1');
  } catch (error) {
    return { ready: false, reasons: [`the database does not answer: ${(error as Error).message}`] };
  }
  try {
    if (await dataSource.showMigrations()) reasons.push('migrations are pending: restart the server (it applies them) or run them');
  } catch (error) {
    reasons.push(`the migrations could not be checked: ${(error as Error).message}`);
  }
  return { ready: reasons.length === 0, reasons };
}

/** GET /readyz: 200 `{status:"ready"}`, or 503 `{status:"unavailable", reasons}`. Never cached. */
export function mountReadiness(app: Express, dataSource: DataSource): void {
  app.get('/readyz', async (_req, res) => {
    const { ready, reasons } = await checkReadiness(dataSource);
    res.set('cache-control', 'no-store');
    res.status(ready ? 200 : 503).json(ready ? { status: 'ready' } : { status: 'unavailable', reasons });
  });
}
