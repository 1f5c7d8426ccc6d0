import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { seededRng } from '../support/synthetic-report';
import { CLI, ensureCompiled } from '../support/compiled';
import { countyGovernments, expectations, observationKey, writeReports, type Expected } from '../support/report-files';

/**
 * `npm run ogi -- import <dir>` killed with SIGKILL at random moments (fixed seed), many times, on a
 * temp SQLite file. After every kill the database must hold only whole reports (each one's
 * observations exactly those a dry run of its file reads), one current revision per organ and year,
 * and a data version equal to the number of stored reports (each store bumps it once, in its own
 * transaction). Then a run to completion must import everything that is left.
 */
const SEED = 20250601;
const ORGANS = 40;
// Runs until enough kills have landed (the sample the assertions need) or the budget is spent: on a
// loaded machine each run takes longer, so a fixed time alone would test less.
const KILL_TARGET = 20;
const KILL_BUDGET_MS = 150_000;

let work: string;
let db: string;
const inputs = { first: '', revised: '' };
let expected: Map<string, Expected>;

beforeAll(async () => {
  ensureCompiled();
  work = mkdtempSync(path.join(tmpdir(), 'ogi-kill-'));
  db = path.join(work, 'db.sqlite');
  const organs = countyGovernments(ORGANS).map((c) => c.organ);
  const files: string[] = [];
  for (const [variant, name] of (['first', 'revised'] as const).entries()) {
    inputs[name] = path.join(work, name);
    mkdirSync(inputs[name]);
    files.push(...writeReports(inputs[name], organs, SEED, variant));
  }
  expected = await expectations(files, (file) => readFileSync(file));
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runImport(dir: string, killAfterMs?: number): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, OGI_SQLITE_PATH: db, OGI_LOG_LEVEL: 'silent' };
  delete env.OGI_DATABASE_URL;
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'import', '--json', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

interface State {
  reports: number;
  current: number;
  dataVersion: number | null;
}

/** Opens the file the killed process left (SQLite recovers the WAL) and checks every invariant. */
async function checkConsistent(): Promise<State> {
  const dataSource: DataSource = createDataSource({ type: 'sqlite', path: db });
  await dataSource.initialize();
  try {
    expect(await dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const tables = new Set(
      (await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r: { name: string }) => r.name),
    );
    if (!tables.has('report')) return { reports: 0, current: 0, dataVersion: null };
    const reports: { id: number; content_hash: string; organ: string; year: number; revision: number; superseded_by_id: number | null }[] =
      await dataSource.query('SELECT id, content_hash, organ, year, revision, superseded_by_id FROM report ORDER BY id');
    const rows: { report_id: number; indicator_code: string; value: number | null; status: string }[] = await dataSource.query(
      'SELECT report_id, indicator_code, value, status FROM observation',
    );
    const byReport = new Map<number, string[]>();
    for (const row of rows)
      byReport.set(row.report_id, [
        ...(byReport.get(row.report_id) ?? []),
        observationKey({ indicator: row.indicator_code, value: row.value, status: row.status }),
      ]);
    for (const report of reports) {
      const wanted = expected.get(report.content_hash);
      expect(wanted).toBeDefined();
      expect({ id: report.id, organ: report.organ, observations: (byReport.get(report.id) ?? []).sort() }).toEqual({
        id: report.id,
        organ: wanted?.organ,
        observations: wanted?.observations,
      });
    }
    // One current revision per organ and year; revisions numbered 1, 2, … without gaps.
    const groups = new Map<string, typeof reports>();
    for (const r of reports) groups.set(`${r.organ}/${r.year}`, [...(groups.get(`${r.organ}/${r.year}`) ?? []), r]);
    for (const group of groups.values()) {
      expect(group.filter((r) => r.superseded_by_id === null)).toHaveLength(1);
      expect(group.map((r) => r.revision).sort((a, b) => a - b)).toEqual(group.map((_, i) => i + 1));
    }
    const dataVersion = tables.has('data_version')
      ? Number((await dataSource.query('SELECT version FROM data_version WHERE id = 1'))[0]?.version)
      : null;
    if (dataVersion === null) expect(reports).toHaveLength(0);
    else expect(dataVersion).toBe(reports.length);
    return { reports: reports.length, current: groups.size, dataVersion };
  } finally {
    await dataSource.destroy();
  }
}

function wipe() {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
}

it('SIGKILL at random moments never leaves a half-written report, and a re-run completes the import', async () => {
  const rng = seededRng(SEED);
  // One uninterrupted run on a fresh file measures how long a whole run takes on this machine.
  const full = await runImport(inputs.first);
  expect(full.code).toBe(0);
  wipe();

  // The input alternates between the two contents of the same 40 reports whenever a run completes,
  // so every run has reports to store (first imports, then new revisions); every 12th run starts
  // from an empty file, so kills also land in the migrations and the reference-data load.
  const phases = ['first', 'revised'] as const;
  const stats = { runs: 0, kills: 0, completed: 0, wipes: 0, storedBetweenKills: 0 };
  let phase = 0;
  let previous = 0;
  const started = Date.now();
  while (Date.now() - started < KILL_BUDGET_MS && stats.kills < KILL_TARGET) {
    if (stats.runs > 0 && stats.runs % 12 === 0) {
      wipe();
      stats.wipes++;
      previous = 0;
    }
    const killAt = Math.round(100 + rng() * full.ms);
    const run = await runImport(inputs[phases[phase % 2]], killAt);
    stats.runs++;
    const state = await checkConsistent();
    if (run.signal === 'SIGKILL') {
      stats.kills++;
      if (state.reports > previous) stats.storedBetweenKills++;
    } else {
      expect(run.code).toBe(0);
      stats.completed++;
      phase++;
    }
    previous = state.reports;
  }
  console.log(
    `import kill test: ${stats.runs} runs in ${Math.round((Date.now() - started) / 1000)} s (a whole run takes ${full.ms} ms): ` +
      `${stats.kills} SIGKILLs (${stats.storedBetweenKills} after storing part of the directory), ${stats.completed} completed before their kill, ${stats.wipes} restarts from an empty file; every state consistent`,
  );
  expect(stats.kills).toBeGreaterThanOrEqual(15);
  expect(stats.storedBetweenKills).toBeGreaterThanOrEqual(3);

  // A re-run completes the interrupted import: every file imported, unchanged or a new revision.
  const rerun = await runImport(inputs[phases[phase % 2]]);
  expect(rerun.code).toBe(0);
  const outcomes = rerun.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { outcome: string }).outcome);
  expect(outcomes).toHaveLength(ORGANS);
  for (const outcome of outcomes) expect(['IMPORTED', 'UNCHANGED', 'NEW_REVISION']).toContain(outcome);
  const state = await checkConsistent();
  expect(state.current).toBe(ORGANS);
  const again = await runImport(inputs[phases[phase % 2]]);
  expect(
    again.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { outcome: string }).outcome),
  ).toEqual(Array(ORGANS).fill('UNCHANGED'));
}, 300_000);
