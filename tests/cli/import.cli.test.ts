import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDataSource } from '../../src/data-source';
import { runImport } from '../../src/ingestion/import.command';
import { useCliSandbox } from '../support/cli';
import { FIXTURES } from '../support/fixtures';

/**
 * The import CLI in-process (`runImport(argv)` is what `npm run ogi -- import` calls), with its stdout
 * and stderr captured.
 */
const cli = useCliSandbox('ogi-cli-');
const { out, err } = cli;

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
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(
      expect.arrayContaining([
        'file',
        'jurisdiction',
        'year',
        'organ',
        'formatVersion',
        'observations',
        'consistency',
        'missing',
        'warnings',
      ]),
    );
    expect(lines[0]).toMatchObject({
      jurisdiction: '320813',
      year: 2023,
      organ: '淮安市洪泽区人民政府',
      formatVersion: '2021',
      outcome: 'DRY_RUN',
    });
    expect(lines[0].observations[0]).toEqual({ indicator: expect.any(String), value: expect.anything(), status: 'VALUE' });
    expect(lines[1]).toMatchObject({ jurisdiction: '350128', year: 2022 });
    expect(existsSync(process.env.OGI_SQLITE_PATH as string)).toBe(false);
  });

  it('refuses a --source-url that is not http(s), naming the rule', async () => {
    const code = await runImport(['--dry-run', '--source-url', 'javascript:alert(1)', complete('pingtan-2022.src.txt')]);
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/sourceUrl must be an http:\/\/ or https:\/\/ URL/);
  });

  it('imports a directory, one line per file, skips what is not a report, keeps going past failures, summarises, and exits 1 when any failed', async () => {
    const input = path.join(cli.dir, 'reports');
    mkdirSync(input);
    for (const file of ['pingtan-2021.src.txt', 'pingtan-2022.src.txt', 'hongze-district-2023.src.pdf'])
      copyFileSync(complete(file), path.join(input, file));
    writeFileSync(path.join(input, 'empty.html'), '');
    writeFileSync(path.join(input, 'weather.html'), '<html><body><p>明天晴，气温 20 度。</p></body></html>');

    expect(await runImport([input])).toBe(0);
    const summary = err.join('');
    expect(summary).toContain('5 file(s): 3 imported, 0 unchanged, 0 new revision, 0 corrected, 2 skipped, 0 failed');
    expect(summary).toMatch(/\d\/5 SKIPPED empty\.html: EMPTY_INPUT/);
    expect(summary).toMatch(/\d\/5 SKIPPED weather\.html: NOT_A_REPORT/);
    // In name order, each on one line with what it is and what was read.
    expect(summary).toMatch(/2\/5 IMPORTED hongze-district-2023\.src\.pdf: 淮安市洪泽区人民政府 \(320813 洪泽区\) 2023, SUMMARY/);
    expect(summary).toMatch(
      /3\/5 IMPORTED pingtan-2021\.src\.txt: 平潭综合实验区管委会 \(350128 平潭县\) 2021, SUMMARY «[^»]+», format 2021, \d+ values, \d+ missing, \d+ failed checks, report 2 revision 1\n/,
    );
    expect(summary).toMatch(/^outcome +files +values +missing +failed checks\nIMPORTED +3 +\d+ +\d+ +2\nSKIPPED +2 +\ntotal +5/m);
    expect(await reportCount(process.env.OGI_SQLITE_PATH as string)).toBe(3);

    // --strict: what is not a report fails the run; a report that cannot be filed fails it anyway.
    err.length = 0;
    expect(await runImport(['--strict', input])).toBe(1);
    expect(err.join('')).toContain('5 file(s): 0 imported, 3 unchanged, 0 new revision, 0 corrected, 2 skipped, 0 failed');
    writeFileSync(
      path.join(input, 'nowhere.md'),
      readFileSync(complete('shanghai-office-2025.src.md'), 'utf8').replaceAll('上海市', '沪江市'),
    );
    err.length = 0;
    expect(await runImport([input])).toBe(1);
    expect(err.join('')).toMatch(/failed nowhere\.md: UNKNOWN_JURISDICTION/);
    expect(await reportCount(process.env.OGI_SQLITE_PATH as string)).toBe(3);
  });

  it('a file named on the command line that is not a report fails, whatever the overrides', async () => {
    writeFileSync(
      path.join(cli.dir, 'notice.html'),
      '<html><body><h1>关于平潭综合实验区2022年政府信息公开工作年度报告的说明</h1><p>本栏目已更新。</p></body></html>',
    );
    expect(await runImport(['--organ', '平潭综合实验区管委会', '--year', '2022', path.join(cli.dir, 'notice.html')])).toBe(1);
    expect(err.join('')).toMatch(/FAILED .*notice\.html: NOT_A_REPORT/);
    expect(existsSync(process.env.OGI_SQLITE_PATH as string) ? await reportCount(process.env.OGI_SQLITE_PATH as string) : 0).toBe(0);
  });

  it('applies overrides, refuses one that contradicts the text unless forced with a reason, and refuses bad arguments with exit status 2', async () => {
    expect(await runImport(['--dry-run', '--json', '--year', '2030', complete('pingtan-2024.src.txt')])).toBe(1);
    expect(JSON.parse(out.join(''))).toMatchObject({
      outcome: 'FAILED',
      error: {
        code: 'OVERRIDE_CONTRADICTS_TEXT',
        message: expect.stringContaining("the year given (2030) is not the year the report's title states (2024)"),
      },
    });
    out.length = 0;
    expect(
      await runImport([
        '--dry-run',
        '--json',
        '--year',
        '2030',
        '--force',
        '--reason',
        'title misprinted',
        '--scope',
        'SUMMARY',
        '--source-url',
        'https://example.org/r',
        complete('pingtan-2024.src.txt'),
      ]),
    ).toBe(0);
    const given = JSON.parse(out.join(''));
    expect(given).toMatchObject({
      year: 2030,
      scope: 'SUMMARY',
      scopeEvidence: 'given by --scope SUMMARY',
      sourceUrl: 'https://example.org/r',
    });
    expect(given.warnings).toContain("forced: the year given (2030) is not the year the report's title states (2024)");
    expect(given.warnings.filter((w: string) => w.startsWith('scope'))).toEqual([]);
    expect(await runImport(['--year', '2030', '--force', complete('pingtan-2024.src.txt')])).toBe(2);
    expect(await runImport(['--scope', 'EVERYTHING', complete('pingtan-2024.src.txt')])).toBe(2);
    expect(await runImport(['--no-such-flag', complete('pingtan-2024.src.txt')])).toBe(2);
    expect(await runImport([])).toBe(2);
  });

  it("shows the scope and the sentence that decided it on each file's line and in the JSON", async () => {
    expect(await runImport(['--dry-run', complete('pingtan-2022.src.txt')])).toBe(0);
    expect(err.join('')).toMatch(
      /1\/1 DRY_RUN .*pingtan-2022\.src\.txt: 平潭综合实验区管委会 \(350128 平潭县\) 2022, SUMMARY «汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成», format 2021/,
    );

    err.length = 0;
    expect(await runImport(['--dry-run', complete('pingtan-2021.src.txt'), complete('shanghai-office-2025.src.md')])).toBe(0);
    expect(err.join('')).toMatch(/1\/2 DRY_RUN .*pingtan-2021\.src\.txt: .* 2021, SUMMARY «全年主动公开我区各级单位政府信息2645条», /);
    expect(err.join('')).toMatch(/2\/2 DRY_RUN .*shanghai-office-2025\.src\.md: .* 2025, OWN \(the text says nothing either way\), /);

    expect(await runImport(['--dry-run', '--json', complete('pingtan-2019.src.txt'), complete('hongze-district-2023.src.pdf')])).toBe(0);
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.scope, l.scopeEvidence])).toEqual([
      ['SUMMARY', '我区政府信息公开单位共公布政府信息2599条'],
      ['SUMMARY', '2023年全区受理政府信息公开申请21件,均在法定期限答复。'],
    ]);
  });

  it("a scope given with --scope says so, and keeps the text's own decision in a warning", async () => {
    expect(await runImport(['--dry-run', '--json', '--scope', 'OWN', complete('pingtan-2022.src.txt')])).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result).toMatchObject({ scope: 'OWN', scopeEvidence: 'given by --scope OWN' });
    expect(result.warnings).toContain(
      'scope given by --scope OWN, although the text says SUMMARY: «汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成»',
    );
  });
});
