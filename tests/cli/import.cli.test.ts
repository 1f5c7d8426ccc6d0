import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/data-source';
import { runImport } from '../../src/ingestion/import.command';
import { FIXTURES } from '../support/fixtures';

/**
 * The import CLI in-process (`runImport(argv)` is what `npm run ogi -- import` calls), with its stdout
 * and stderr captured.
 */
let dir: string;
let out: string[];
let err: string[];
const env = { ...process.env };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ogi-cli-'));
  out = [];
  err = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  jest.spyOn(console, 'error').mockImplementation((...args) => void err.push(`${args.join(' ')}\n`));
  process.env.OGI_SQLITE_PATH = path.join(dir, 'db.sqlite');
  delete process.env.OGI_DATABASE_URL;
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...env };
  rmSync(dir, { recursive: true, force: true });
});

const complete = (file: string) => path.join(FIXTURES, 'complete', file);

async function reportCount(file: string): Promise<number> {
  const dataSource = createDataSource({ type: 'sqlite', path: file });
  await dataSource.initialize();
  try {
    return Number((await dataSource.query('SELECT COUNT(*) AS n FROM report'))[0].n);
  } finally {
    await dataSource.destroy();
  }
}

describe('npm run ogi -- import', () => {
  it('--dry-run --json writes one JSON document per input and touches no database', async () => {
    const code = await runImport(['--dry-run', '--json', complete('hongze-district-2023.src.pdf'), complete('pingtan-2022.src.txt')]);
    expect(code).toBe(0);
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(['file', 'jurisdiction', 'year', 'organ', 'formatVersion', 'observations', 'consistency', 'missing', 'warnings']));
    expect(lines[0]).toMatchObject({ jurisdiction: '320813', year: 2023, organ: '淮安市洪泽区人民政府', formatVersion: '2021', outcome: 'DRY_RUN' });
    expect(lines[0].observations[0]).toEqual({ indicator: expect.any(String), value: expect.anything(), status: 'VALUE' });
    expect(lines[1]).toMatchObject({ jurisdiction: '350128', year: 2022 });
    expect(existsSync(process.env.OGI_SQLITE_PATH as string)).toBe(false);
  });

  it('refuses a --source-url that is not http(s), naming the rule', async () => {
    const code = await runImport(['--dry-run', '--source-url', 'javascript:alert(1)', complete('pingtan-2022.src.txt')]);
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/sourceUrl must be an http:\/\/ or https:\/\/ URL/);
  });

  it('imports a directory, keeps going past bad files, summarises, and exits 1 when any failed', async () => {
    const input = path.join(dir, 'reports');
    mkdirSync(input);
    for (const file of ['pingtan-2021.src.txt', 'pingtan-2022.src.txt', 'hongze-district-2023.src.pdf']) copyFileSync(complete(file), path.join(input, file));
    writeFileSync(path.join(input, 'empty.html'), '');
    writeFileSync(path.join(input, 'weather.html'), '<html><body><p>明天晴，气温 20 度。</p></body></html>');

    expect(await runImport([input])).toBe(1);
    const summary = err.join('');
    expect(summary).toContain('5 file(s): 3 imported, 0 unchanged, 0 new revision, 2 failed');
    expect(summary).toMatch(/failed .*empty\.html: EMPTY_INPUT/);
    expect(summary).toMatch(/failed .*weather\.html: NOT_A_REPORT/);
    expect(summary).toMatch(/5\/5 /);
    expect(await reportCount(process.env.OGI_SQLITE_PATH as string)).toBe(3);

    err.length = 0;
    expect(await runImport([input])).toBe(1);
    expect(err.join('')).toContain('5 file(s): 0 imported, 3 unchanged, 0 new revision, 2 failed');
    expect(await reportCount(process.env.OGI_SQLITE_PATH as string)).toBe(3);
  });

  it('applies overrides and refuses bad arguments with exit status 2', async () => {
    expect(await runImport(['--dry-run', '--json', '--year', '2030', '--scope', 'SUMMARY', '--source-url', 'https://example.org/r', complete('pingtan-2024.src.txt')])).toBe(0);
    const given = JSON.parse(out.join(''));
    expect(given).toMatchObject({ year: 2030, scope: 'SUMMARY', scopeEvidence: 'given by --scope SUMMARY' });
    expect(given.warnings.filter((w: string) => w.startsWith('scope'))).toEqual([]);
    expect(await runImport(['--scope', 'EVERYTHING', complete('pingtan-2024.src.txt')])).toBe(2);
    expect(await runImport(['--no-such-flag', complete('pingtan-2024.src.txt')])).toBe(2);
    expect(await runImport([])).toBe(2);
  });

  it('shows the scope and the sentence that decided it on each file\'s line and in the JSON', async () => {
    expect(await runImport(['--dry-run', complete('pingtan-2022.src.txt')])).toBe(0);
    expect(err.join('')).toMatch(/pingtan-2022\.src\.txt: DRY_RUN 平潭综合实验区管委会 \(350128 平潭县\) 2022, SUMMARY «汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成», format 2021/);

    err.length = 0;
    expect(await runImport(['--dry-run', complete('pingtan-2021.src.txt'), complete('shanghai-office-2025.src.md')])).toBe(0);
    expect(err.join('')).toMatch(/1\/2 .*pingtan-2021\.src\.txt: DRY_RUN SUMMARY «全年主动公开我区各级单位政府信息2645条»\n/);
    expect(err.join('')).toMatch(/2\/2 .*shanghai-office-2025\.src\.md: DRY_RUN OWN \(the text says nothing either way\)\n/);

    expect(await runImport(['--dry-run', '--json', complete('pingtan-2019.src.txt'), complete('hongze-district-2023.src.pdf')])).toBe(0);
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.scope, l.scopeEvidence])).toEqual([
      ['SUMMARY', '我区政府信息公开单位共公布政府信息2599条'],
      ['SUMMARY', '2023年全区受理政府信息公开申请21件,均在法定期限答复。'],
    ]);
  });

  it('a scope given with --scope says so, and keeps the text\'s own decision in a warning', async () => {
    expect(await runImport(['--dry-run', '--json', '--scope', 'OWN', complete('pingtan-2022.src.txt')])).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result).toMatchObject({ scope: 'OWN', scopeEvidence: 'given by --scope OWN' });
    expect(result.warnings).toContain('scope given by --scope OWN, although the text says SUMMARY: «汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成»');
  });
});
