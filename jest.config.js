/**
 * Test tiers are folders under tests/: unit, api (executeOperation on SQLite), http (real server on a
 * free port), browser (headless Chromium), abuse (hostile traffic against the built server), and the
 * others the README lists; all run in the "sqlite" project. The api tier runs a second time on
 * PostgreSQL as its own project: whenever PostgreSQL answers, and always in CI (CI=true), where an
 * unreachable server fails (so do the replica and black-hole database tests, which need it too).
 */
const { execFileSync } = require('node:child_process');

const POSTGRES_URL = process.env.OGI_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const inCI = process.env.CI === 'true' || process.env.CI === '1';

function postgresAnswers() {
  try {
    execFileSync(
      process.execPath,
      [
        '-e',
        `
      const { Client } = require('pg');
      const c = new Client({ connectionString: ${JSON.stringify(POSTGRES_URL)}, connectionTimeoutMillis: 3000 });
      c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
    `,
      ],
      { stdio: 'ignore', timeout: 10000 },
    );
    return true;
  } catch {
    return false;
  }
}

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['reflect-metadata'],
};

const projects = [{ ...common, displayName: 'sqlite', roots: ['<rootDir>/tests'], testMatch: ['**/*.test.ts'] }];
if (inCI || postgresAnswers()) {
  projects.push({
    ...common,
    displayName: 'postgres',
    roots: ['<rootDir>/tests/api'],
    testMatch: ['**/*.test.ts'],
    setupFiles: [...common.setupFiles, '<rootDir>/tests/support/use-postgres.js'],
  });
} else {
  console.warn(`PostgreSQL tier skipped: nothing answers at ${POSTGRES_URL} (set OGI_TEST_POSTGRES_URL; in CI it is required).`);
}

// A shared, slow machine: generous per-test time; timing is measured by benchmark scripts, not tests.
module.exports = { projects, testTimeout: 60000 };
