import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runReports } from '../../src/curation/reports.command';
import { runImport } from '../../src/ingestion/import.command';
import {
  CASES,
  runCase,
  SOURCES,
  sortedReports,
  type CurrentReport,
  type Overrides,
  type Step,
  type StepResult,
} from '../support/curation-cases';

/**
 * The shared table of curation cases through the CLI, in-process (`runImport` and `runReports` are what
 * `npm run ogi -- import` and `npm run ogi -- reports` call), with --json; the mutations run the same
 * table (tests/api/curation-cases.api.test.ts).
 */
let dir: string;
let out: string[];
const env = { ...process.env };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ogi-curation-'));
  out = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  jest.spyOn(console, 'error').mockImplementation(() => {});
  jest.spyOn(console, 'log').mockImplementation(() => {});
  process.env.OGI_SQLITE_PATH = path.join(dir, 'db.sqlite');
  delete process.env.OGI_DATABASE_URL;
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...env };
  rmSync(dir, { recursive: true, force: true });
});

function flags(overrides: Overrides = {}): string[] {
  const names: Record<keyof Overrides, string> = {
    jurisdiction: '--jurisdiction',
    year: '--year',
    organ: '--organ',
    scope: '--scope',
    sourceUrl: '--source-url',
  };
  return Object.entries(overrides).flatMap(([k, v]) => [names[k as keyof Overrides], String(v)]);
}

/** Runs a command and reads its last JSON line: the result, or the error; exit status 2 without one is bad input. */
async function command(run: () => Promise<number>): Promise<StepResult> {
  out.length = 0;
  const status = await run();
  const last = out.join('').trim().split('\n').filter(Boolean).pop();
  if (!last) {
    if (status === 2) return { code: 'BAD_USER_INPUT' };
    throw new Error(`no JSON line (exit status ${status})`);
  }
  const line = JSON.parse(last) as { outcome?: string; reportId?: number; report?: { id: number }; error?: { code: string } };
  if (line.error) return { code: line.error.code };
  expect(status).toBe(0);
  return { outcome: line.outcome as string, reportId: Number(line.reportId ?? line.report?.id) };
}

async function run(step: Step, reportOf: (index: number) => number): Promise<StepResult> {
  const reason = 'reason' in step && step.reason !== undefined ? ['--reason', step.reason] : [];
  switch (step.op) {
    case 'import': {
      const source = SOURCES[step.source];
      const file = path.join(dir, source.file);
      writeFileSync(file, source.content);
      return command(() => runImport(['--json', ...flags(step.overrides), ...reason, ...(step.force ? ['--force'] : []), file]));
    }
    case 'set':
      return command(() =>
        runReports([
          'set',
          String(step.absolute ? step.report : reportOf(step.report)),
          '--json',
          ...flags(step.changes),
          ...reason,
          ...(step.force ? ['--force'] : []),
        ]),
      );
    case 'withdraw':
      return command(() => runReports(['withdraw', String(reportOf(step.report)), '--json', ...reason]));
    case 'restore':
      return command(() => runReports(['restore', String(reportOf(step.report)), '--json', ...reason]));
  }
}

describe.each(CASES)('through the CLI: $name', (c) => {
  it(`answers ${'code' in c.expected ? c.expected.code : c.expected.outcome} and leaves the same current reports`, async () => {
    const result = await runCase(c, run);
    expect('code' in result ? { code: result.code } : { outcome: result.outcome }).toEqual(c.expected);
    out.length = 0;
    expect(await runReports(['list', '--json'])).toBe(0);
    const listed = out
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CurrentReport);
    expect(sortedReports(listed.map((r) => ({ jurisdiction: r.jurisdiction, year: r.year, organ: r.organ, scope: r.scope })))).toEqual(
      sortedReports(c.current),
    );
  });
});
