import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm run ogi -- …` and `npx ogi …` go through bin/ogi.js, which compiles only when a source is newer
 * than its last build: a call on a current build costs no tsc.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require('../../bin/ogi.js') as { isCurrent(root: string): boolean; STAMP: string; CLI: string };
const ROOT = path.resolve(__dirname, '..', '..');

describe('the build is current', () => {
  let root: string;
  const touch = (file: string, seconds: number) => {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), '');
    utimesSync(path.join(root, file), at, at);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ogi-launcher-'));
    touch('src/cli.ts', 10);
    touch('migrations/1-a.ts', 10);
    touch('tsconfig.json', 10);
    touch(launcher.CLI, 20);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['never built by the launcher', [], false],
    ['built after every source', [[launcher.STAMP, 20]], true],
    [
      'a source saved after the build',
      [
        [launcher.STAMP, 20],
        ['src/ingestion/x.ts', 30],
      ],
      false,
    ],
    [
      'a migration added after the build',
      [
        [launcher.STAMP, 20],
        ['migrations/2-b.ts', 30],
      ],
      false,
    ],
    [
      'the build configuration changed after the build',
      [
        [launcher.STAMP, 20],
        ['tsconfig.build.json', 30],
      ],
      false,
    ],
    [
      'a data file changed after the build (read from src at run time, not compiled)',
      [
        [launcher.STAMP, 20],
        ['src/organs/organ-aliases.csv', 30],
      ],
      true,
    ],
  ] as const)('%s', (_name, files, current) => {
    for (const [file, seconds] of files) touch(file, seconds);
    expect(launcher.isCurrent(root)).toBe(current);
  });

  it('is not current without the compiled command line', () => {
    touch(launcher.STAMP, 20);
    rmSync(path.join(root, launcher.CLI));
    expect(launcher.isCurrent(root)).toBe(false);
  });
});

describe('npx ogi', () => {
  it('runs the command line, and compiles nothing when the build is current', () => {
    // The first call may compile (the sources of this checkout are newer than its last build).
    const first = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'ogi.js'), '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(first.status).toBe(0);
    const stamp = statSync(path.join(ROOT, launcher.STAMP)).mtimeMs;
    const second = spawnSync('npx', ['--offline', 'ogi', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('Usage: npm run ogi -- <command>');
    expect(second.stderr).not.toContain('compiling');
    expect(statSync(path.join(ROOT, launcher.STAMP)).mtimeMs).toBe(stamp);
  }, 360_000);
});
