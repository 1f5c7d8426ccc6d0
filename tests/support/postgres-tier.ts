import { execFileSync } from 'node:child_process';
import { POSTGRES_URL } from './database';

/**
 * The PostgreSQL tier runs whenever PostgreSQL answers, and must run in CI (CI=true): there an
 * unreachable server fails the suite instead of skipping it. The probe is synchronous because jest
 * decides `describe` vs `describe.skip` while collecting tests.
 */
function probe(): boolean {
  try {
    execFileSync(process.execPath, ['-e', `
      const { Client } = require('pg');
      const c = new Client({ connectionString: ${JSON.stringify(POSTGRES_URL)}, connectionTimeoutMillis: 3000 });
      c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
    `], { stdio: 'ignore', timeout: 10000 });
    return true;
  } catch {
    return false;
  }
}

const available = probe();
const required = process.env.CI === 'true' || process.env.CI === '1';

if (!available && !required) {
  console.warn(`PostgreSQL tier skipped: no server at ${POSTGRES_URL} (set OGI_TEST_POSTGRES_URL, or CI=true to require it).`);
}

export const describePostgres: jest.Describe = available || required ? describe : describe.skip;
