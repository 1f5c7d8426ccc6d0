import { loadDivisions } from '../../src/jurisdictions/division.catalog';
import { AliasTableError, loadJurisdictionAliases, parseJurisdictionAliases } from '../../src/jurisdictions/jurisdiction-alias.catalog';

const rows = loadDivisions();

const problemsOf = (csv: string): string[] => {
  try {
    parseJurisdictionAliases(csv, rows);
  } catch (error) {
    if (error instanceof AliasTableError) return error.problems;
    throw error;
  }
  throw new Error('the table was accepted');
};

describe('jurisdiction alias table', () => {
  it('ships valid, with 平潭综合实验区 for 350128', () => {
    const aliases = loadJurisdictionAliases(rows);
    expect(aliases).toEqual(
      expect.arrayContaining([
        { alias: '平潭综合实验区', code: '350128' },
        { alias: '平潭实验区', code: '350128' },
      ]),
    );
    const codes = new Set(rows.map((r) => r.code));
    for (const a of aliases) expect(codes.has(a.code)).toBe(true);
  });

  it('reads aliases, notes optional, quoted notes with commas', () => {
    const csv = 'alias,code,note\n平潭综合实验区,350128,"coextensive, no code"\n平潭岛,350128,\n';
    expect(parseJurisdictionAliases(csv, rows)).toEqual([
      { alias: '平潭综合实验区', code: '350128' },
      { alias: '平潭岛', code: '350128' },
    ]);
  });

  it.each([
    [
      'a code not in the hierarchy',
      'alias,code,note\n平潭综合实验区,350128,\n某某新区,999999,\n',
      'jurisdiction-aliases.csv line 3: code 999999 is not a jurisdiction of the hierarchy',
    ],
    ['a malformed code', 'alias,code,note\n某某新区,35012,\n', 'jurisdiction-aliases.csv line 2: code "35012" must be six digits'],
    [
      'an alias given twice',
      'alias,code,note\n平潭实验区,350128,\n平潭实验区,350128,\n',
      'jurisdiction-aliases.csv line 3: alias 平潭实验区 is already given on line 2',
    ],
    [
      'the name of another jurisdiction',
      'alias,code,note\n资源县,350128,\n',
      'jurisdiction-aliases.csv line 2: alias 资源县 is already a name of 450329 资源县; an alias may only add a name',
    ],
    [
      'the stem of another jurisdiction',
      'alias,code,note\n朝阳,110105,\n',
      'jurisdiction-aliases.csv line 2: alias 朝阳 is already a name of 211300 朝阳市, 211321 朝阳县, 220104 朝阳区; an alias may only add a name',
    ],
    ['a zone kind that many cities have', 'alias,code,note\n高新区,130171,\n', 'alias 高新区 is already a name of 130273'],
    [
      'text that is not Chinese',
      'alias,code,note\nPingtan,350128,\n',
      'jurisdiction-aliases.csv line 2: alias "Pingtan" must be Chinese text of at least two characters',
    ],
    [
      'a wrong header',
      'name,code\n平潭实验区,350128\n',
      'jurisdiction-aliases.csv line 1: the header must start with the columns alias,code',
    ],
  ])('refuses %s, naming the line', (_case, csv, problem) => {
    expect(problemsOf(csv)).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
  });

  it('lists every problem at once', () => {
    const problems = problemsOf('alias,code,note\n甲乙新区,999998,\n丙丁新区,999999,\n');
    expect(problems).toHaveLength(2);
    expect(() => parseJurisdictionAliases('alias,code,note\n"unclosed,350128\n', rows)).toThrow(AliasTableError);
  });
});
