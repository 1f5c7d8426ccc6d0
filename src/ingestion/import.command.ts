import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDataSource } from '../data-source';
import { BadUserInputError, isExpectedError } from '../errors';
import { ensureReferenceData } from './reference-data.loader';
import { ReportImportService, type ImportOverrides, type ImportResult } from './report-import.service';

export const IMPORT_USAGE = `npm run ogi -- import <file|dir>... [--jurisdiction CODE] [--year YYYY] [--organ NAME]
    [--scope OWN|SUMMARY] [--source-url URL] [--dry-run] [--json]

  Imports report files (HTML, text, markdown, PDF); a directory is read recursively.
  --dry-run   parse and check only; with --json, one JSON document per line per input on stdout
  --json      print each result as one JSON line on stdout (progress and summary go to stderr)
  Exit status: 0 when every file was imported or unchanged, 1 when any failed, 2 on bad arguments.`;

interface Tally {
  IMPORTED: number;
  UNCHANGED: number;
  NEW_REVISION: number;
  DRY_RUN: number;
  failed: { file: string; code: string; message: string }[];
}

/** Files to import: the paths given, directories expanded recursively (hidden files skipped), sorted. */
export function listInputs(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) if (!entry.startsWith('.')) walk(path.join(p, entry));
    } else {
      files.push(p);
    }
  };
  for (const p of paths) walk(p);
  return files;
}

function parseOverrides(values: Record<string, string | boolean | undefined>): ImportOverrides {
  const scope = values.scope as string | undefined;
  if (scope !== undefined && scope !== 'OWN' && scope !== 'SUMMARY') throw new BadUserInputError(`--scope must be OWN or SUMMARY, got "${scope}"`);
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

/** Progress on stderr: a bar on a terminal, a line per file otherwise (logs stay readable), with what the file is. */
function progress(done: number, total: number, file: string, note: string | null) {
  if (process.stderr.isTTY) {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${path.basename(file).slice(0, 40).padEnd(40)}`);
    if (done === total) process.stderr.write('\n');
  } else {
    process.stderr.write(`${done}/${total} ${file}${note ? `: ${note}` : ''}\n`);
  }
}

export async function runImport(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        jurisdiction: { type: 'string' },
        year: { type: 'string' },
        organ: { type: 'string' },
        scope: { type: 'string' },
        'source-url': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    console.error(IMPORT_USAGE);
    return 2;
  }
  let overrides: ImportOverrides;
  let files: string[];
  try {
    overrides = parseOverrides(values);
    files = listInputs(positionals);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  const dryRun = values['dry-run'] === true;
  const json = values.json === true;
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

  const tally: Tally = { IMPORTED: 0, UNCHANGED: 0, NEW_REVISION: 0, DRY_RUN: 0, failed: [] };
  try {
    for (const [index, file] of files.entries()) {
      let note: string | null = null;
      try {
        const result = await importer.importReport({ content: readFileSync(file), fileName: file }, overrides, { dryRun });
        tally[result.outcome]++;
        note = `${result.outcome} ${scopeNote(result)}`;
        if (json) process.stdout.write(`${JSON.stringify(toJson(result))}\n`);
        else if (files.length === 1) printResult(result);
      } catch (error) {
        if (!isExpectedError(error)) throw error;
        tally.failed.push({ file, code: String(error.extensions.code), message: error.message });
        if (json) process.stdout.write(`${JSON.stringify({ file, error: { code: error.extensions.code, message: error.message } })}\n`);
      }
      if (files.length > 1) progress(index + 1, files.length, file, note);
    }
  } finally {
    await close();
  }

  const summary = dryRun
    ? `${files.length} file(s): ${tally.DRY_RUN} parsed, ${tally.failed.length} failed (dry run: nothing stored)`
    : `${files.length} file(s): ${tally.IMPORTED} imported, ${tally.UNCHANGED} unchanged, ${tally.NEW_REVISION} new revision, ${tally.failed.length} failed`;
  console.error(summary);
  for (const f of tally.failed) console.error(`  failed ${f.file}: ${f.code} ${f.message}`);
  return tally.failed.length > 0 ? 1 : 0;
}

/** The documented line format of `--json`. */
function toJson(result: ImportResult) {
  return {
    file: result.file,
    jurisdiction: result.jurisdiction,
    year: result.year,
    organ: result.organ,
    organKind: result.organKind,
    scope: result.scope,
    scopeEvidence: result.scopeEvidence,
    formatVersion: result.formatVersion,
    outcome: result.outcome,
    reportId: result.reportId,
    revision: result.revision,
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

function printResult(result: ImportResult) {
  const failing = result.consistency.filter((c) => c.status === 'FAIL');
  console.error(
    `${result.file}: ${result.outcome} ${result.organ} (${result.jurisdiction} ${result.jurisdictionName}) ${result.year}, ${scopeNote(result)}, ` +
      `format ${result.formatVersion ?? 'unknown'}, ${result.observations.length} values, ${result.missing.length} missing part(s), ` +
      `${failing.length} failed identity check(s)${result.reportId ? `, report ${result.reportId} revision ${result.revision}` : ''}`,
  );
  for (const m of result.missing) console.error(`  missing ${m.part}: ${m.reason}`);
  for (const w of result.warnings) console.error(`  warning: ${w}`);
  for (const c of failing) console.error(`  ${c.identity} fails for ${c.scope}: ${c.lhs} ≠ ${c.rhs}`);
}
