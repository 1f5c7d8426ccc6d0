import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { globMatcher, listInputs, parseImportManifest, selectFiles } from '../../src/ingestion/import-inputs';

describe('globs', () => {
  it.each([
    ['*.pdf', 'a.pdf', true],
    ['*.pdf', 'dir/a.pdf', true],
    ['*.pdf', 'a.pdf.txt', false],
    ['czj-*', 'pingtan-archive/czj-caizheng-2019.src.txt', true],
    ['*2019*', 'czj-caizheng-2019.src.txt', true],
    ['report-????.html', 'report-2022.html', true],
    ['report-????.html', 'report-22.html', false],
    ['*.{pdf,html}', 'x.html', true],
    ['*.{pdf,html}', 'x.txt', false],
    ['[ab]*.txt', 'b1.txt', true],
    ['[!ab]*.txt', 'b1.txt', false],
    ['pingtan-archive/*.txt', 'pingtan-archive/a.txt', true],
    ['pingtan-archive/*.txt', 'other/pingtan-archive/a.txt', false],
    ['**/gaj-*', 'pingtan-archive/gaj-gongan-2020.src.txt', true],
    ['**/gaj-*', 'gaj-gongan-2020.src.txt', true],
    ['a/**/b.txt', 'a/x/y/b.txt', true],
    ['a/**/b.txt', 'a/b.txt', true],
    ['a.b', 'axb', false],
    ['(1).txt', '(1).txt', true],
  ])('%s against %s: %s', (pattern, file, matches) => {
    expect(globMatcher(pattern)(file)).toBe(matches);
  });

  it('keeps what an include matches and no exclude does', () => {
    const files = ['a-2019.txt', 'a-2020.txt', 'b-2019.pdf', 'notes.md'].map((shown) => ({ shown }));
    expect(selectFiles(files, [], []).map((f) => f.shown)).toEqual(['a-2019.txt', 'a-2020.txt', 'b-2019.pdf', 'notes.md']);
    expect(selectFiles(files, ['*.txt', '*.pdf'], ['*2019*']).map((f) => f.shown)).toEqual(['a-2020.txt']);
    expect(selectFiles(files, [], ['*.md']).map((f) => f.shown)).toEqual(['a-2019.txt', 'a-2020.txt', 'b-2019.pdf']);
  });
});

describe('import manifests', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ogi-manifest-'));
    mkdirSync(path.join(dir, 'reports'));
    for (const f of ['a.html', 'b.pdf']) writeFileSync(path.join(dir, 'reports', f), 'x');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads each row's overrides; a blank cell gives none", () => {
    const csv =
      '\uFEFFfile,jurisdiction,year,scope,organ,source_url\nreports/a.html,350128,2022,summary,平潭综合实验区管委会,https://example.org/a\nreports/b.pdf,,,,,\n';
    const { rows, problems } = parseImportManifest(csv, dir);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        file: 'reports/a.html',
        path: path.join(dir, 'reports', 'a.html'),
        overrides: {
          jurisdiction: '350128',
          year: 2022,
          scope: 'SUMMARY',
          scopeGivenBy: 'the manifest',
          organ: '平潭综合实验区管委会',
          sourceUrl: 'https://example.org/a',
        },
      },
      { line: 3, file: 'reports/b.pdf', path: path.join(dir, 'reports', 'b.pdf'), overrides: {} },
    ]);
  });

  it('takes the columns in any order, and any of them but file may be left out', () => {
    const { rows, problems } = parseImportManifest('source_url,file\nhttps://example.org/b,reports/b.pdf\n', dir);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.overrides)).toEqual([{ sourceUrl: 'https://example.org/b' }]);
  });

  it('lists every problem with its line, and gives no rows then', () => {
    const csv = 'file,year,scope,colour\nreports/a.html,22,ALL,red\nreports/missing.txt,2022,,\n,2022,,\nreports/a.html,,,\n';
    const { rows, problems } = parseImportManifest(csv, dir);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      'line 1: unknown column(s) "colour": the columns are file, jurisdiction, year, scope, organ, source_url',
      'line 2: year must be four digits, got "22"',
      'line 2: scope must be OWN or SUMMARY, got "ALL"',
      'line 3: reports/missing.txt is not a file',
      'line 4: no file',
      'line 5: reports/a.html is listed again (first on line 2)',
    ]);
  });

  it('refuses what is not CSV', () => {
    expect(parseImportManifest('file,year\nreports/a.html,2022,extra\n', dir).problems).toEqual([
      expect.stringMatching(/^not a readable CSV: .*line 2/),
    ]);
  });

  it('needs a file column', () => {
    expect(parseImportManifest('path,year\nreports/a.html,2022\n', dir).problems).toEqual([
      'line 1: unknown column(s) "path": the columns are file, jurisdiction, year, scope, organ, source_url',
      'line 1: the header has no "file" column',
    ]);
  });
});

describe('listing inputs', () => {
  it('reads directories recursively in name order, skips hidden entries, and tells named files apart', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ogi-inputs-'));
    try {
      mkdirSync(path.join(dir, 'r', 'sub'), { recursive: true });
      for (const f of ['r/b.txt', 'r/a.txt', 'r/sub/c.txt', 'r/.hidden.txt', 'single.txt']) writeFileSync(path.join(dir, f), 'x');
      expect(listInputs([path.join(dir, 'r'), path.join(dir, 'single.txt')]).map((f) => [f.shown, f.named])).toEqual([
        ['a.txt', false],
        ['b.txt', false],
        [path.join('sub', 'c.txt'), false],
        [path.join(dir, 'single.txt'), true],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
