#!/usr/bin/env node
/* global __dirname */
'use strict';
/**
 * `npx ogi …` and `npm run ogi -- …`: runs the compiled command line (dist/src/cli.js), compiling the
 * project first only when a source changed since the last build this launcher made — tsc costs about
 * 30 s here, which every call paid when the script was `npm run build && node dist/src/cli.js`.
 * A build that fails (type errors) stops the call, as that script did.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** Relative to the project root. */
const CLI = path.join('dist', 'src', 'cli.js');
const STAMP = path.join('dist', '.ogi-build-stamp');
/** What tsconfig.build.json compiles, and the files that configure it. */
const SOURCE_DIRS = ['src', 'migrations', path.join('tests', 'benchmarks')];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The latest modification time of a compiled source or of the build's configuration under `root`. */
function newestSource(root) {
  let newest = 0;
  const visit = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (/\.(ts|json)$/.test(p)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) visit(path.join(root, dir));
  for (const file of CONFIG_FILES)
    if (fs.existsSync(path.join(root, file))) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** Whether the build under `root` is as current as its sources: made by this launcher after the last change. */
function isCurrent(root) {
  const stamp = path.join(root, STAMP);
  return fs.existsSync(path.join(root, CLI)) && fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestSource(root);
}

function main() {
  if (!isCurrent(ROOT)) {
    // The stamp takes the time the build started: a source saved during the build makes the next call build again.
    const started = new Date();
    process.stderr.write('ogi: compiling (the sources changed since the last build)…\n');
    const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) process.exit(result.status === null ? 1 : result.status);
    fs.writeFileSync(path.join(ROOT, STAMP), `built ${started.toISOString()}\n`);
    fs.utimesSync(path.join(ROOT, STAMP), started, started);
  }
  require(path.join(ROOT, CLI));
}

if (require.main === module) main();

module.exports = { isCurrent, STAMP, CLI };
