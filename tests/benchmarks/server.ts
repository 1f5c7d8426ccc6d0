import '../../src/production-mode';
import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/data-source';
import { createLogger } from '../../src/logger';
import { createApp } from '../../src/server';

/**
 * The real server for the benchmark, as a child process of its own (so its memory is its own): the
 * configuration from the environment like src/main.ts, migrations, then createApp and listen on a free
 * loopback port. Unlike main.ts it loads no bundled real reports: the database holds synthetic data only.
 * Prints `READY <port>`.
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const app = await createApp({ config, dataSource, logger });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const address = app.httpServer.address();
  process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.on('SIGTERM', () => {
    app
      .stop()
      .then(() => dataSource.destroy())
      .finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
