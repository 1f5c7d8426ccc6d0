import './production-mode';
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config';
import { createDataSource } from './data-source';
import { ensureBundledReports } from './ingestion/bundled-reports.loader';
import { ensureReferenceData } from './ingestion/reference-data.loader';
import { createLogger } from './logger';
import { createApp, GRAPHQL_PATH } from './server';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.database.type === 'sqlite') mkdirSync(path.dirname(config.database.path), { recursive: true });

  // On PostgreSQL, migrations and first loads run without the statement timeout that bounds requests
  // (a migration's backfill of a national database takes longer); the server then opens its own pool.
  const setup = createDataSource(
    config.database.type === 'postgres' && config.database.timeouts
      ? { ...config.database, timeouts: { ...config.database.timeouts, statementMs: null } }
      : config.database,
  );
  await setup.initialize();
  const migrations = await setup.runMigrations({ transaction: 'each' });
  if (migrations.length > 0) logger.info('migrations applied', { migrations: migrations.map((m) => m.name) });
  const loaded = await ensureReferenceData(setup);
  if (loaded.jurisdictions + loaded.indicators > 0) logger.info('reference data loaded', loaded);
  const bundled = await ensureBundledReports(setup);
  if (bundled.length > 0) logger.info('bundled reports imported', { reports: bundled.map((r) => `${r.organ} ${r.year}`) });
  let dataSource = setup;
  if (config.database.type === 'postgres') {
    await setup.destroy();
    dataSource = createDataSource(config.database);
    await dataSource.initialize();
  }

  const server = await createApp({ config, dataSource, logger });
  await new Promise<void>((resolve) => server.httpServer.listen(config.port, config.host, resolve));
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = config.database.type === 'sqlite' ? config.database.path : 'PostgreSQL';
  console.log(
    `ogi-stats is ready on ${where}.\n  GraphQL IDE:  http://${config.host}:${port}/\n  GraphQL API:  http://${config.host}:${port}${GRAPHQL_PATH}`,
  );

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close the database.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    server
      .stop()
      .then(() => dataSource.destroy())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error('shutdown failed', { error: String(error) });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
