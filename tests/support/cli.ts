import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What a CLI command run in-process wrote, and the directory of its database. */
export interface CliSandbox {
  /** A fresh temporary directory per test; the command's SQLite database is `db.sqlite` in it. */
  dir: string;
  /** stdout as written (and console.log, when captured), emptied before each test. */
  readonly out: string[];
  /** stderr and console.error, emptied before each test. */
  readonly err: string[];
}

/**
 * For the tests of a file: each runs a CLI command in-process (`runImport`, `runReports`) on its own
 * SQLite file (OGI_SQLITE_PATH, never OGI_DATABASE_URL), with its output captured; the environment and
 * the directory are restored and removed after it.
 */
export function useCliSandbox(prefix: string, options: { captureConsoleLog?: boolean } = {}): CliSandbox {
  const sandbox: CliSandbox = { dir: '', out: [], err: [] };
  const env = { ...process.env };
  beforeEach(() => {
    sandbox.dir = mkdtempSync(path.join(tmpdir(), prefix));
    sandbox.out.length = 0;
    sandbox.err.length = 0;
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (sandbox.out.push(String(chunk)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (sandbox.err.push(String(chunk)), true));
    jest.spyOn(console, 'error').mockImplementation((...args) => void sandbox.err.push(`${args.join(' ')}\n`));
    if (options.captureConsoleLog) jest.spyOn(console, 'log').mockImplementation((...args) => void sandbox.out.push(`${args.join(' ')}\n`));
    process.env.OGI_SQLITE_PATH = path.join(sandbox.dir, 'db.sqlite');
    delete process.env.OGI_DATABASE_URL;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...env };
    rmSync(sandbox.dir, { recursive: true, force: true });
  });
  return sandbox;
}
