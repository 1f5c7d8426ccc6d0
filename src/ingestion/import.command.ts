import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDataSource } from '../data-source';
import { BadUserInputError, isExpectedError } from '../errors';
import { listInputs, parseImportManifest, selectFiles, type ImportInputFile, type InputFile } from './import-inputs';
import { ensureReferenceData } from './reference-data.loader';
import { ReportImportService, type ImportOverrides, type ImportResult } from './report-import.service';

export const IMPORT_USAGE = `npm run ogi -- import <file|dir>... [--manifest FILE.csv] [--include GLOB] [--exclude GLOB]
    [--jurisdiction CODE] [--year YYYY] [--organ NAME] [--scope OWN|SUMMARY] [--source-url URL]
    [--reason TEXT] [--force] [--strict] [--dry-run] [--json]

  Imports report files (HTML, text, markdown, PDF), each stored as it is read; a directory is read
  recursively, in name order.
  --manifest  a CSV with the columns file, jurisdiction, year, scope, organ, source_url (file paths
              relative to the manifest; a blank cell is read from the text). Without files or
              directories, the manifest's files are imported; with them, its rows apply to those files.
  --include, --exclude  globs (repeatable): *, ?, ** and {a,b}; tested against the file name, or
              against the path below the directory given when the glob holds a /
  --reason    why: kept in the audit log (required with --force)
  --force     import what a guard refuses: an override contradicting the text, a revision that would
              replace the current values by far fewer
  --strict    files met in a directory or a manifest that are not reports (empty, binary, no report in
              them) fail the run; by default they are listed as skipped (a file named here always fails)
  --dry-run   parse and check only; touches no database
  --json      one JSON line per file on stdout (progress and summary go to stderr)
  One line per file on stderr (outcome, organ, jurisdiction, year, scope, values, missing, failed
  checks), then a summary table. Exit status: 0 when every file was imported, corrected, unchanged or
  skipped; 1 when any failed (or was skipped, with --strict); 2 on bad arguments.`;

/** Codes of files that are not reports at all: skipped in a batch unless --strict. */
const NOT_REPORTS: readonly string[] = ['NOT_A_REPORT', 'EMPTY_INPUT', 'BINARY_INPUT'];

type LineOutcome = ImportResult['outcome'] | 'SKIPPED' | 'FAILED';

interface FileLine {
  file: string;
  outcome: LineOutcome;
  result?: ImportResult;
  error?: { code: string; message: string };
}

function parseOverrides(values: Record<string, unknown>): ImportOverrides {
  const scope = values.scope as string | undefined;
  if (scope !== undefined && scope !== 'OWN' && scope !== 'SUMMARY')
    throw new BadUserInputError(`--scope must be OWN or SUMMARY, got "${scope}"`);
  const year = values.year === undefined ? undefined : Number(values.year);
  return {
    jurisdiction: values.jurisdiction as string | undefined,
    year,
    organ: values.organ as string | undefined,
    scope,
    scopeGivenBy: '--scope',
    sourceUrl: values['source-url'] as string | undefined,
  };
}

/** The files of the run, each with its overrides: the manifest's row (where it has one) over the command line's. */
function inputsOf(positionals: string[], values: Record<string, unknown>, overrides: ImportOverrides): ImportInputFile[] {
  const manifestFile = values.manifest as string | undefined;
  let files: InputFile[] = positionals.length > 0 ? listInputs(positionals) : [];
  const rows = new Map<string, ImportOverrides>();
  if (manifestFile !== undefined) {
    const baseDir = path.dirname(path.resolve(manifestFile));
    const { rows: manifest, problems } = parseImportManifest(readFileSync(manifestFile, 'utf8'), baseDir);
    const listed = new Set(files.map((f) => path.resolve(f.path)));
    for (const row of manifest)
      if (positionals.length > 0 && !listed.has(row.path)) problems.push(`line ${row.line}: ${row.file} is not among the files given`);
    if (problems.length > 0) throw new BadUserInputError(`${manifestFile}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    for (const row of manifest) rows.set(row.path, row.overrides);
    if (positionals.length === 0) files = manifest.map((row) => ({ path: row.path, shown: row.file, named: false }));
  }
  const selected = selectFiles(files, (values.include as string[] | undefined) ?? [], (values.exclude as string[] | undefined) ?? []);
  return selected.map((f) => ({ ...f, overrides: { ...overrides, ...dropUndefined(rows.get(path.resolve(f.path)) ?? {}) } }));
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function runImport(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        manifest: { type: 'string' },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        jurisdiction: { type: 'string' },
        year: { type: 'string' },
        organ: { type: 'string' },
        scope: { type: 'string' },
        'source-url': { type: 'string' },
        reason: { type: 'string' },
        force: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0 && values.manifest === undefined) {
    console.error(IMPORT_USAGE);
    return 2;
  }
  let files: ImportInputFile[];
  try {
    if (values.force && !values.reason?.trim())
      throw new BadUserInputError('--force needs --reason: say why the guard is overridden (it is kept in the audit log)');
    files = inputsOf(positionals, values, parseOverrides(values));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  const dryRun = values['dry-run'] === true;
  const json = values.json === true;
  const author = { actor: 'cli', reason: values.reason ?? null, force: values.force === true };
  let importer: ReportImportService;
  let close = async () => {};
  if (dryRun) {
    importer = ReportImportService.offline();
  } else {
    const config = loadConfig();
    const dataSource = createDataSource(config.database);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await ensureReferenceData(dataSource);
    importer = ReportImportService.forDatabase(dataSource);
    close = () => dataSource.destroy();
  }

  const lines: FileLine[] = [];
  let done = 0;
  const report = (line: FileLine) => {
    lines.push(line);
    done++;
    if (json)
      process.stdout.write(
        `${JSON.stringify(line.result ? toJson(line.result) : { file: line.file, outcome: line.outcome, error: line.error })}\n`,
      );
    process.stderr.write(`${done}/${files.length} ${fileLine(line)}\n`);
    if (files.length === 1 && line.result) printDetails(line.result);
  };
  // A file named on the command line is meant to be a report; one met in a directory or a manifest may not be.
  const failure = (input: ImportInputFile, error: unknown): FileLine => {
    if (!isExpectedError(error)) throw error;
    const code = String(error.extensions.code);
    return {
      file: input.shown,
      outcome: NOT_REPORTS.includes(code) && !input.named ? 'SKIPPED' : 'FAILED',
      error: { code, message: error.message },
    };
  };
  try {
    for (const input of files) {
      try {
        const result = await importer.importReport({ content: readFileSync(input.path), fileName: input.shown }, input.overrides, {
          dryRun,
          author: { ...author, file: input.shown },
        });
        report({ file: input.shown, outcome: result.outcome, result });
      } catch (error) {
        report(failure(input, error));
      }
    }
  } finally {
    await close();
  }

  printSummary(lines, dryRun);
  const failed = lines.filter((l) => l.outcome === 'FAILED' || (values.strict && l.outcome === 'SKIPPED'));
  return failed.length > 0 ? 1 : 0;
}

/** Values stored, cells missing and identity checks failed of one result. */
function figures(result: ImportResult) {
  return {
    values: result.observations.filter((o) => o.status === 'VALUE').length,
    missingCells: result.missing.reduce((n, m) => n + Math.max(1, m.indicators.length), 0),
    failedChecks: result.consistency.filter((c) => c.status === 'FAIL').map((c) => `${c.identity} ${c.scope}`),
  };
}

/** The documented line format of `--json`. */
function toJson(result: ImportResult) {
  return {
    file: result.file,
    outcome: result.outcome,
    jurisdiction: result.jurisdiction,
    jurisdictionName: result.jurisdictionName,
    year: result.year,
    organ: result.organ,
    organKind: result.organKind,
    scope: result.scope,
    scopeEvidence: result.scopeEvidence,
    formatVersion: result.formatVersion,
    sourceUrl: result.sourceUrl,
    reportId: result.reportId,
    revision: result.revision,
    supersededIds: result.supersededIds,
    changes: result.changes,
    ...figures(result),
    observations: result.observations.map((o) => ({ indicator: o.indicator, value: o.value, status: o.status })),
    consistency: result.consistency,
    missing: result.missing,
    warnings: result.warnings,
  };
}

/** `SUMMARY «2022年全市各级行政机关共办理政府信息公开申请…»`: the scope and what decided it, kept short for one line. */
export function scopeNote(result: Pick<ImportResult, 'scope' | 'scopeEvidence'>): string {
  const evidence = result.scopeEvidence;
  if (evidence === null) return `${result.scope} (the text says nothing either way)`;
  if (evidence.startsWith('given by ')) return `${result.scope} (${evidence})`;
  return `${result.scope} «${evidence.length > 32 ? `${evidence.slice(0, 31)}…` : evidence}»`;
}

/** One file's line: outcome, file, then what was stored, or why not. */
function fileLine(line: FileLine): string {
  if (!line.result) return `${line.outcome} ${line.file}: ${line.error?.code} ${line.error?.message}`;
  const r = line.result;
  const f = figures(r);
  const changes = r.changes.length > 0 ? `, ${r.changes.map((c) => `${c.field} ${c.before ?? '—'} → ${c.after ?? '—'}`).join(', ')}` : '';
  return (
    `${line.outcome} ${line.file}: ${r.organ} (${r.jurisdiction} ${r.jurisdictionName}) ${r.year}, ${scopeNote(r)}, format ${r.formatVersion ?? 'unknown'}, ` +
    `${f.values} values, ${f.missingCells} missing, ${f.failedChecks.length} failed checks${r.reportId ? `, report ${r.reportId} revision ${r.revision}` : ''}${changes}`
  );
}

function printDetails(result: ImportResult) {
  for (const m of result.missing) console.error(`  missing ${m.part}: ${m.reason}`);
  for (const w of result.warnings) console.error(`  warning: ${w}`);
  for (const c of result.consistency.filter((c) => c.status === 'FAIL'))
    console.error(`  ${c.identity} fails for ${c.scope}: ${c.lhs} ≠ ${c.rhs}`);
}

const ORDER: LineOutcome[] = ['IMPORTED', 'NEW_REVISION', 'CORRECTED', 'UNCHANGED', 'DRY_RUN', 'SKIPPED', 'FAILED'];

/** The summary: one sentence, a table by outcome, and every file skipped or failed with why. */
function printSummary(lines: FileLine[], dryRun: boolean) {
  const count = (o: LineOutcome) => lines.filter((l) => l.outcome === o).length;
  const head = dryRun
    ? `${lines.length} file(s): ${count('DRY_RUN')} parsed, ${count('SKIPPED')} skipped, ${count('FAILED')} failed (dry run: nothing stored)`
    : `${lines.length} file(s): ${count('IMPORTED')} imported, ${count('UNCHANGED')} unchanged, ${count('NEW_REVISION')} new revision, ${count('CORRECTED')} corrected, ${count('SKIPPED')} skipped, ${count('FAILED')} failed`;
  const rows = ORDER.filter((o) => count(o) > 0).map((o) => {
    const results = lines.filter((l) => l.outcome === o && l.result).map((l) => figures(l.result as ImportResult));
    const sum = (pick: (f: ReturnType<typeof figures>) => number) =>
      results.length > 0 ? String(results.reduce((n, f) => n + pick(f), 0)) : '';
    return [o, String(count(o)), sum((f) => f.values), sum((f) => f.missingCells), sum((f) => f.failedChecks.length)];
  });
  const table = [['outcome', 'files', 'values', 'missing', 'failed checks'], ...rows, ['total', String(lines.length), '', '', '']];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  console.error(head);
  for (const row of table) console.error(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  for (const l of lines.filter((l) => l.error))
    console.error(`  ${l.outcome === 'SKIPPED' ? 'skipped' : 'failed'} ${l.file}: ${l.error?.code} ${l.error?.message}`);
}
