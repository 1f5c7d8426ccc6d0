import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ReportStoreService, type ReportToStore } from '../../src/ingestion/report-store.service';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'reports');

/** The hand-checked values of a complete fixture report (tests/fixtures/reports/complete/NAME.expected.json). */
export interface ExpectedReport {
  id: string;
  division_code: string;
  year: number;
  format_version: string;
  reporting_organ: string;
  tables: Record<string, Record<string, number | null>>;
  identity_checks: unknown;
}

export const COMPLETE_REPORTS = fs
  .readdirSync(path.join(FIXTURES, 'complete'))
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace('.expected.json', ''))
  .sort();

export function readExpected(name: string): ExpectedReport {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'complete', `${name}.expected.json`), 'utf8')) as ExpectedReport;
}

/** Every expected cell, code → number (null = blank). */
export function expectedCells(name: string): Map<string, number | null> {
  const cells = new Map<string, number | null>();
  for (const table of Object.values(readExpected(name).tables)) {
    for (const [code, value] of Object.entries(table)) cells.set(code, value);
  }
  return cells;
}

/** The identities the fixture's checker found to hold or fail, where it summarises them. */
export function expectedIdentitySummary(name: string): Record<string, boolean> | null {
  const checks = readExpected(name).identity_checks as { summary?: Record<string, boolean> } | unknown[];
  return !Array.isArray(checks) && checks.summary ? checks.summary : null;
}

/**
 * Stores a complete fixture from its hand-checked values (not through the parser), so API tests do
 * not depend on the importer's accuracy, which has tests of its own.
 */
export async function storeExpectedReport(dataSource: DataSource, name: string, overrides: Partial<ReportToStore> = {}) {
  const expected = readExpected(name);
  const observations = [...expectedCells(name)].map(([indicator, value]) => ({
    indicator,
    value,
    status: value === null ? ('BLANK' as const) : ('VALUE' as const),
    table: `table${indicator.startsWith('proactive') ? 2 : indicator.startsWith('review') || indicator.startsWith('litigation') ? 4 : 3}`,
    row: indicator,
    column: null,
  }));
  return new ReportStoreService(dataSource).store({
    jurisdictionCode: expected.division_code,
    year: expected.year,
    organ: expected.reporting_organ.replace(/\s*\(.*\)\s*$/, ''),
    organKind: 'GOVERNMENT',
    scope: 'OWN',
    formatVersion: expected.format_version as '2019' | '2021',
    sourceUrl: `fixture:${name}`,
    contentHash: `expected:${name}`,
    observations,
    missing: [],
    ...overrides,
  });
}

/**
 * Source text of a fixture without its provenance header: line 1 of every `.src.*` file is a comment
 * about where the file came from; shanghai-office-2019 also has a bracketed editor's note on line 2.
 */
export function readSourceText(file: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  let start = 1;
  while (start < lines.length && /^\[NOT VERBATIM|^\s*$/.test(lines[start])) start++;
  return lines.slice(start).join('\n');
}

export interface ExpectedFixture {
  id: string;
  format_version: string;
  tables: Record<string, Record<string, number | null>>;
  cell_notes?: Record<string, string>;
}

export function completeFixtures(): { name: string; sources: string[]; expected: ExpectedFixture }[] {
  const dir = path.join(FIXTURES, 'complete');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      const sources = ['txt', 'md', 'pdf'].map((e) => path.join(dir, `${name}.src.${e}`)).filter((p) => fs.existsSync(p));
      return { name, sources, expected: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ExpectedFixture };
    });
}

export function partialFixtures(): { name: string; text: string; expected: ExpectedFixture & Record<string, unknown> }[] {
  const dir = path.join(FIXTURES, 'partial');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const name = f.replace(/\.json$/, '');
      return {
        name,
        text: fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8'),
        expected: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ExpectedFixture & Record<string, unknown>,
      };
    });
}
