import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Fixture corpus of real reports (copied into the repo). */
export const REPORTS_DIR = join(__dirname, '..', '..', 'fixtures', 'reports');

/**
 * Source text of a fixture without its provenance header: line 1 of every `.src.*` file is a comment
 * about where the file came from; shanghai-office-2019 also has a bracketed editor's note on line 2.
 */
export function readSourceText(path: string): string {
  const lines = readFileSync(path, 'utf8').split('\n');
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
  const dir = join(REPORTS_DIR, 'complete');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      const sources = ['txt', 'md', 'pdf'].map((e) => join(dir, `${name}.src.${e}`)).filter((p) => existsSync(p));
      return { name, sources, expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedFixture };
    });
}

export function partialFixtures(): { name: string; text: string; expected: ExpectedFixture & Record<string, unknown> }[] {
  const dir = join(REPORTS_DIR, 'partial');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const name = f.replace(/\.json$/, '');
      return {
        name,
        text: readFileSync(join(dir, `${name}.txt`), 'utf8'),
        expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedFixture & Record<string, unknown>,
      };
    });
}
