import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { BUNDLED_DIR, ensureBundledReports, readManifest } from '../../src/ingestion/bundled-reports.loader';
import { runImport } from '../../src/ingestion/import.command';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { useCliSandbox } from '../support/cli';

/**
 * Batch imports as aggregators run them: a manifest (CSV) of files with the metadata to give, globs,
 * one line per file (JSON with --json). The bundled corpus imported through a manifest gives the same
 * database as the plain loader of the bundled reports.
 */
const cli = useCliSandbox('ogi-manifest-cli-');
const { out, err } = cli;

const jsonLines = () =>
  out
    .join('')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

async function open(file: string): Promise<DataSource> {
  const dataSource = createDataSource({ type: 'sqlite', path: file });
  await dataSource.initialize();
  return dataSource;
}

/**
 * Everything a database holds of its reports, keyed by content rather than by row id (ids follow the
 * order of storing): reports, organs, observations, materialised roll-ups and current values.
 */
async function contents(dataSource: DataSource) {
  const q = (sql: string) => dataSource.query(sql);
  return {
    reports: await q(
      `SELECT r.content_hash, r.jurisdiction_code, r.year, r.organ, g.name AS organ_name, g.kind AS organ_current_kind, r.organ_kind, r.scope, r.scope_evidence, r.format_version,
              r.source_url, r.revision, r.superseded_by_id IS NULL AS standing, r.withdrawn_at, r.synthetic, r.missing_parts, r.parsed_missing_parts
       FROM report r JOIN organ g ON g.id = r.organ_id ORDER BY r.content_hash`,
    ),
    observations: await q(
      `SELECT r.content_hash, o.indicator_code, o.value, o.status, o.source_table, o.source_row, o.source_column
       FROM observation o JOIN report r ON r.id = o.report_id ORDER BY r.content_hash, o.indicator_code`,
    ),
    rollup: await q('SELECT * FROM rollup ORDER BY indicator_code, year, level, jurisdiction_code'),
    rollupDerived: await q('SELECT * FROM rollup_derived ORDER BY indicator_code, year, level, jurisdiction_code'),
    currentValue: await q(
      `SELECT c.jurisdiction_code, c.measure, c.indicator_code, c.year, c.value, c.status, r.content_hash
       FROM current_value c JOIN report r ON r.id = c.report_id ORDER BY c.jurisdiction_code, c.measure, c.indicator_code, c.year`,
    ),
  };
}

describe('npm run ogi -- import --manifest', () => {
  it('imports the bundled corpus from a CSV manifest into the same database as the plain loader', async () => {
    // The bundled manifest as an aggregator's CSV: paths relative to the CSV, blank cells read from the text.
    const rows = readManifest().map((e) => ({
      file: path.relative(cli.dir, path.join(BUNDLED_DIR, e.file)),
      jurisdiction: e.jurisdiction ?? '',
      year: '',
      scope: e.scope ?? '',
      organ: '',
      source_url: e.sourceUrl ?? '',
    }));
    const csv = path.join(cli.dir, 'manifest.csv');
    writeFileSync(csv, stringify(rows, { header: true, columns: ['file', 'jurisdiction', 'year', 'scope', 'organ', 'source_url'] }));
    expect(await runImport(['--manifest', csv])).toBe(0);
    expect(err.join('')).toContain(
      `${rows.length} file(s): ${rows.length} imported, 0 unchanged, 0 new revision, 0 corrected, 0 skipped, 0 failed`,
    );

    const plainFile = path.join(cli.dir, 'plain.sqlite');
    const plain = await open(plainFile);
    await plain.runMigrations();
    await ensureReferenceData(plain);
    await ensureBundledReports(plain);
    const manifested = await open(process.env.OGI_SQLITE_PATH as string);
    try {
      const [a, b] = [await contents(manifested), await contents(plain)];
      expect(a.reports).toHaveLength(readManifest().length);
      expect(a.observations.length).toBeGreaterThan(10_000);
      expect(a.rollup.length).toBeGreaterThan(0);
      for (const key of Object.keys(a) as (keyof typeof a)[]) expect([key, a[key]]).toEqual([key, b[key]]);
      // The audit logs differ only in who imported (`cli`, `bundled`).
      const actors = async (ds: DataSource) =>
        (await ds.query('SELECT actor, action, COUNT(*) AS n FROM audit_entry GROUP BY actor, action')) as {
          actor: string;
          action: string;
          n: number;
        }[];
      expect(await actors(manifested)).toEqual([{ actor: 'cli', action: 'IMPORT', n: rows.length }]);
      expect(await actors(plain)).toEqual([{ actor: 'bundled', action: 'IMPORT', n: rows.length }]);
    } finally {
      await manifested.destroy();
      await plain.destroy();
    }
  }, 600_000);

  it("gives a row's metadata to its file, with a line per file (JSON with --json) and globs to choose files", async () => {
    const csv = path.join(cli.dir, 'm.csv');
    writeFileSync(
      csv,
      [
        'file,scope,source_url,year',
        `${path.join(BUNDLED_DIR, 'pingtan-archive', 'czj-caizheng-2021.src.txt')},SUMMARY,https://example.org/czj-2021,`,
        `${path.join(BUNDLED_DIR, 'pingtan-archive', 'czj-caizheng-2022.src.txt')},,,`,
        `${path.join(BUNDLED_DIR, 'pingtan-archive', 'gaj-gongan-2022.src.txt')},,,`,
      ].join('\n'),
    );
    expect(await runImport(['--manifest', csv, '--dry-run', '--json', '--exclude', 'gaj-*'])).toBe(0);
    const lines = jsonLines();
    expect(lines.map((l) => [path.basename(l.file), l.outcome, l.year, l.scope, l.scopeEvidence, l.sourceUrl])).toEqual([
      ['czj-caizheng-2021.src.txt', 'DRY_RUN', 2021, 'SUMMARY', 'given by the manifest SUMMARY', 'https://example.org/czj-2021'],
      ['czj-caizheng-2022.src.txt', 'DRY_RUN', 2022, 'OWN', expect.anything(), null],
    ]);
    expect(lines[0]).toMatchObject({
      organ: '平潭综合实验区财政金融局',
      jurisdiction: '350128',
      values: expect.any(Number),
      missingCells: expect.any(Number),
      missing: expect.any(Array),
      failedChecks: expect.any(Array),
    });
    expect(err.join('')).toMatch(
      /1\/2 DRY_RUN .*czj-caizheng-2021\.src\.txt: 平潭综合实验区财政金融局 \(350128 平潭县\) 2021, SUMMARY \(given by the manifest SUMMARY\), format 2021, \d+ values, \d+ missing, \d+ failed checks/,
    );
  });

  it('with files given, applies its rows to them; globs test names, or paths below the directory given', async () => {
    const csv = path.join(cli.dir, 'm.csv');
    writeFileSync(csv, `file,scope\n${path.join(BUNDLED_DIR, 'pingtan-archive', 'gaj-gongan-2021.src.txt')},SUMMARY\n`);
    expect(
      await runImport([
        '--manifest',
        csv,
        '--dry-run',
        '--json',
        '--include',
        'gaj-*',
        '--exclude',
        '*-2019*',
        '--exclude',
        '*2020*',
        path.join(BUNDLED_DIR, 'pingtan-archive'),
      ]),
    ).toBe(0);
    expect(jsonLines().map((l) => [l.file, l.scope])).toEqual([
      ['gaj-gongan-2021.src.txt', 'SUMMARY'],
      ['gaj-gongan-2022.src.txt', 'OWN'],
      ['gaj-gongan-2024.src.txt', 'OWN'],
    ]);
    out.length = 0;
    expect(await runImport(['--dry-run', '--json', '--include', 'pingtan-archive/jjf-*-202[34]*', BUNDLED_DIR])).toBe(0);
    expect(jsonLines().map((l) => l.file)).toEqual([
      path.join('pingtan-archive', 'jjf-jingfa-2023.src.txt'),
      path.join('pingtan-archive', 'jjf-jingfa-2024.src.txt'),
    ]);
  });

  it('refuses a manifest with problems, listing each, and touches nothing', async () => {
    const csv = path.join(cli.dir, 'bad.csv');
    writeFileSync(csv, `file,year,scope\n${path.join(BUNDLED_DIR, 'pingtan-2019.src.txt')},19,\nnowhere.txt,,OWN\n`);
    expect(await runImport(['--manifest', csv])).toBe(2);
    expect(err.join('')).toMatch(/line 2: year must be four digits, got "19"\n.*line 3: nowhere\.txt is not a file/s);
    const given = path.join(cli.dir, 'given.csv');
    writeFileSync(given, `file\n${path.join(BUNDLED_DIR, 'pingtan-2019.src.txt')}\n`);
    expect(await runImport(['--manifest', given, path.join(BUNDLED_DIR, 'pingtan-2021.src.txt')])).toBe(2);
    expect(err.join('')).toMatch(/line 2: .*pingtan-2019\.src\.txt is not among the files given/);
    expect(existsSync(process.env.OGI_SQLITE_PATH as string)).toBe(false);
  });
});
