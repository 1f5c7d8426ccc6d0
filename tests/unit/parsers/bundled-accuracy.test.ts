import { bundledReportFiles, formatAccuracyTable, measureAccuracy, type AccuracyRow } from '../../support/parser-accuracy';

/**
 * Every bundled real report through the importer (dry run), with the table a maintainer reads after a
 * parser change: values read, cells declared missing, identity checks failed — and, for the reports with
 * hand-checked values, that no value differs from the printed figure.
 */
let rows: AccuracyRow[];
beforeAll(async () => {
  rows = await measureAccuracy(bundledReportFiles());
  console.log(`bundled real reports through the importer:\n${formatAccuracyTable(rows)}`);
}, 120_000);

it('imports every bundled report', () => {
  expect(rows.length).toBe(bundledReportFiles().length);
});

it('stores no value that differs from the printed figure', () => {
  const wrong = rows.flatMap((r) => (r.checked?.wrong ?? []).map((w) => `${r.file}: ${w}`));
  expect(wrong).toEqual([]);
  expect(rows.filter((r) => r.checked).length).toBeGreaterThanOrEqual(6);
});
