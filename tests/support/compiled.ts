import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const CLI = path.join(DIST, 'src', 'cli.js');
export const MAIN = path.join(DIST, 'src', 'main.js');

const STAMP = path.join(DIST, '.test-build-hash');
const LOCK = path.join(DIST, '.test-build-lock');

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (entry.endsWith('.ts') || entry.endsWith('.json') || entry.endsWith('.csv')) hash.update(file).update(readFileSync(file));
    }
  };
  for (const dir of ['src', 'migrations', 'tests/benchmarks']) if (existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) hash.update(readFileSync(path.join(ROOT, file)));
  return hash.digest('hex');
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The compiled server and CLI (dist/, as `npm run build` makes it), for tests that run them as child
 * processes. Built once per source state: a stamp holds the hash of the sources, and a lock directory
 * keeps parallel jest workers from building at the same time. Type errors do not stop the emit (the
 * typecheck is `npm run typecheck`'s job); a missing output does.
 */
export function ensureCompiled(): void {
  const wanted = sourceHash();
  mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted && existsSync(CLI) && existsSync(MAIN)) return;
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else builds; a lock older than 3 minutes is left from a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${LOCK}`);
      sleep(250);
    }
  }
  try {
    if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted && existsSync(CLI) && existsSync(MAIN)) return;
    const tsc = require.resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (!existsSync(CLI) || !existsSync(MAIN)) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    writeFileSync(STAMP, wanted);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
