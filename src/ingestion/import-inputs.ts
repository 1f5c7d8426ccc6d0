import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportOverrides } from './report-import.service';

/**
 * Which files a batch import reads, and what a manifest says of each. Pure but for reading directory
 * listings and checking that files exist; the import command reads the manifest's text.
 */

/** A file found for an import. */
export interface InputFile {
  path: string;
  /** The path as shown: relative to the directory or manifest it was found through. */
  shown: string;
  /** Named on the command line itself, not found in a directory or a manifest. */
  named: boolean;
}

/** One file to import, with the overrides its manifest row gives (blank cells give none). */
export interface ImportInputFile extends InputFile {
  overrides: ImportOverrides;
}

/** The manifest's columns; every one but `file` may be left blank (read from the text). */
export const MANIFEST_COLUMNS = ['file', 'jurisdiction', 'year', 'scope', 'organ', 'source_url'] as const;

export interface ManifestRow {
  /** Line of the CSV (1 is the header). */
  line: number;
  /** Absolute path of the file. */
  path: string;
  /** As written in the manifest. */
  file: string;
  overrides: ImportOverrides;
}

/**
 * Reads an import manifest (CSV with a header of MANIFEST_COLUMNS, any order, any subset holding
 * `file`; paths relative to `baseDir`). Every problem is listed, with its line; rows come back only
 * when there is none.
 */
export function parseImportManifest(text: string, baseDir: string): { rows: ManifestRow[]; problems: string[] } {
  const problems: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
    });
  } catch (error) {
    return { rows: [], problems: [`not a readable CSV: ${(error as Error).message}`] };
  }
  const columns =
    records.length > 0
      ? Object.keys(records[0].record)
      : (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').split(',').map((c) => c.trim().toLowerCase());
  const unknown = columns.filter((c) => !(MANIFEST_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    problems.push(`line 1: unknown column(s) ${unknown.map((c) => `"${c}"`).join(', ')}: the columns are ${MANIFEST_COLUMNS.join(', ')}`);
  if (!columns.includes('file')) return { rows: [], problems: [...problems, 'line 1: the header has no "file" column'] };
  const rows: ManifestRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const at = (message: string) => problems.push(`line ${line}: ${message}`);
    const file = record.file ?? '';
    if (file === '') {
      at('no file');
      continue;
    }
    const resolved = path.resolve(baseDir, file);
    if (!existsSync(resolved) || !statSync(resolved).isFile()) at(`${file} is not a file`);
    const earlier = seen.get(resolved);
    if (earlier !== undefined) at(`${file} is listed again (first on line ${earlier})`);
    seen.set(resolved, line);
    const overrides: ImportOverrides = {};
    const cell = (name: string) => (record[name] ?? '').trim();
    if (cell('jurisdiction')) {
      if (/^\d{6}$/.test(cell('jurisdiction'))) overrides.jurisdiction = cell('jurisdiction');
      else at(`jurisdiction must be a six-digit code, got "${cell('jurisdiction')}"`);
    }
    if (cell('year')) {
      if (/^\d{4}$/.test(cell('year'))) overrides.year = Number(cell('year'));
      else at(`year must be four digits, got "${cell('year')}"`);
    }
    if (cell('scope')) {
      const scope = cell('scope').toUpperCase();
      if (scope === 'OWN' || scope === 'SUMMARY') {
        overrides.scope = scope;
        overrides.scopeGivenBy = 'the manifest';
      } else at(`scope must be OWN or SUMMARY, got "${cell('scope')}"`);
    }
    if (cell('organ')) overrides.organ = cell('organ');
    if (cell('source_url')) overrides.sourceUrl = cell('source_url');
    rows.push({ line, path: resolved, file, overrides });
  }
  return { rows: problems.length > 0 ? [] : rows, problems };
}

/** Files under the paths given: directories read recursively (hidden entries skipped), in name order. */
export function listInputs(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = [];
  for (const root of paths) {
    const inDirectory = statSync(root).isDirectory();
    const walk = (p: string) => {
      const stat = statSync(p);
      if (stat.isDirectory()) {
        for (const entry of readdirSync(p).sort()) if (!entry.startsWith('.')) walk(path.join(p, entry));
      } else {
        files.push({ path: p, shown: inDirectory ? path.relative(root, p) : p, named: !inDirectory });
      }
    };
    walk(root);
  }
  return files;
}

/**
 * A glob as a test of a relative path: `*` and `?` within a path segment, `**` across segments,
 * `[abc]`/`[!abc]`, `{a,b}`. A pattern without `/` is tested against the file's name alone, one with
 * `/` against the whole relative path (as .gitignore does).
 */
export function globMatcher(pattern: string): (relativePath: string) => boolean {
  const byName = !pattern.includes('/');
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${re}${')'.repeat(braces)}$`);
  return (relativePath) => {
    const posix = relativePath.split(path.sep).join('/');
    return regex.test(byName ? path.posix.basename(posix) : posix);
  };
}

/** Keeps a file when it matches an include (or none is given) and no exclude. */
export function selectFiles<T extends { shown: string }>(files: readonly T[], include: readonly string[], exclude: readonly string[]): T[] {
  const includes = include.map(globMatcher);
  const excludes = exclude.map(globMatcher);
  return files.filter((f) => (includes.length === 0 || includes.some((m) => m(f.shown))) && !excludes.some((m) => m(f.shown)));
}
