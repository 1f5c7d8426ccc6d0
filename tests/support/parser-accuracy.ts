import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_DIR, readManifest } from '../../src/ingestion/bundled-reports.loader';
import { ReportImportService } from '../../src/ingestion/report-import.service';
import { COMPLETE_REPORTS, expectedCells } from './fixtures';

/**
 * What the parser makes of every bundled real report: values read, cells declared missing, identity
 * checks failed, and — where hand-checked values exist (tests/fixtures/reports/complete) — how many
 * stored values differ from the printed figure (must be none) and how many printed cells were declared
 * missing. Shared by the accuracy test and `npm run bench:parser`.
 */
export interface AccuracyRow {
  file: string;
  formatVersion: string | null;
  values: number;
  blanks: number;
  /** Catalog cells declared missing (cut off, not printed, ambiguous …). */
  missing: number;
  /** Of those, the ones left undetermined by an ambiguous split. */
  ambiguous: number;
  failedChecks: string[];
  /** Against hand-checked values, when the report has them. */
  checked: { printed: number; declaredMissing: number; wrong: string[] } | null;
}

export interface BundledFile {
  file: string;
  content: Buffer;
  overrides: { jurisdiction?: string; scope?: 'OWN' | 'SUMMARY'; sourceUrl?: string };
  expected: Map<string, number | null> | null;
}

export function bundledReportFiles(): BundledFile[] {
  return readManifest().map((entry) => {
    const name = path.basename(entry.file).replace(/\.src\.(txt|md|pdf)$/, '');
    return {
      file: entry.file,
      content: readFileSync(path.join(BUNDLED_DIR, entry.file)),
      overrides: { jurisdiction: entry.jurisdiction, scope: entry.scope, sourceUrl: entry.sourceUrl ?? undefined },
      expected: COMPLETE_REPORTS.includes(name) ? expectedCells(name) : null,
    };
  });
}

/** Through the importer (a dry run: the hierarchy from the data package, no database). */
export async function measureAccuracy(files: BundledFile[]): Promise<AccuracyRow[]> {
  const importer = ReportImportService.offline();
  const rows: AccuracyRow[] = [];
  for (const { file, content, overrides, expected } of files) {
    const report = await importer.importReport({ content, fileName: path.basename(file) }, overrides, { dryRun: true });
    const values = new Map(report.observations.map((o) => [o.indicator, o.status === 'VALUE' ? o.value : null]));
    const missingCodes = new Set(report.missing.flatMap((m) => m.indicators));
    let checked: AccuracyRow['checked'] = null;
    if (expected) {
      const wrong: string[] = [];
      let declaredMissing = 0;
      for (const [code, printed] of expected) {
        if (!values.has(code)) {
          if (missingCodes.has(code) && printed !== null) declaredMissing++;
          continue;
        }
        if (values.get(code) !== printed) wrong.push(`${code}: stored ${values.get(code)}, printed ${printed}`);
      }
      checked = { printed: [...expected.values()].filter((v) => v !== null).length, declaredMissing, wrong };
    }
    rows.push({
      file,
      formatVersion: report.formatVersion,
      values: report.observations.filter((o) => o.status === 'VALUE').length,
      blanks: report.observations.filter((o) => o.status === 'BLANK').length,
      missing: missingCodes.size,
      ambiguous: new Set(report.missing.filter((m) => m.reason.startsWith('ambiguous')).flatMap((m) => m.indicators)).size,
      failedChecks: report.consistency.filter((c) => c.status === 'FAIL').map((c) => `${c.identity}:${c.scope}`),
      checked,
    });
  }
  return rows;
}

export function formatAccuracyTable(rows: AccuracyRow[]): string {
  const lines = [
    `${'file'.padEnd(46)} ${'format'.padEnd(6)} ${'values'.padStart(6)} ${'blank'.padStart(5)} ${'missing'.padStart(7)} ${'ambig.'.padStart(6)} ${'failed'.padStart(6)}  checked against printed figures`,
  ];
  for (const r of rows) {
    const checked = r.checked
      ? `${r.checked.wrong.length} wrong, ${r.checked.declaredMissing}/${r.checked.printed} printed cells declared missing`
      : '';
    lines.push(
      `${r.file.padEnd(46)} ${(r.formatVersion ?? '—').padEnd(6)} ${String(r.values).padStart(6)} ${String(r.blanks).padStart(5)} ${String(r.missing).padStart(7)} ${String(r.ambiguous).padStart(6)} ${String(r.failedChecks.length).padStart(6)}  ${checked}`,
    );
  }
  const sum = (f: (r: AccuracyRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const withChecks = rows.filter((r) => r.checked);
  const printed = withChecks.reduce((a, r) => a + (r.checked?.printed ?? 0), 0);
  const declared = withChecks.reduce((a, r) => a + (r.checked?.declaredMissing ?? 0), 0);
  lines.push(
    `${'total'.padEnd(46)} ${''.padEnd(6)} ${String(sum((r) => r.values)).padStart(6)} ${String(sum((r) => r.blanks)).padStart(5)} ${String(sum((r) => r.missing)).padStart(7)} ${String(sum((r) => r.ambiguous)).padStart(6)} ${String(sum((r) => r.failedChecks.length)).padStart(6)}  ` +
      `${withChecks.reduce((a, r) => a + (r.checked?.wrong.length ?? 0), 0)} wrong, ${declared}/${printed} (${printed ? ((100 * declared) / printed).toFixed(2) : '0'} %) declared missing`,
  );
  return lines.join('\n');
}
