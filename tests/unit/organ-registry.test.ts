import { readFileSync } from 'node:fs';
import { organCoverage } from '../../src/organs/organ-coverage';
import { canonicalOrganName, normaliseOrganName, ORGAN_ALIASES_PATH, organAliases, readOrganAliases } from '../../src/organs/organ-name';

describe('normaliseOrganName', () => {
  it.each([
    ['full-width letters and the ideographic space', '平潭综合实验区　ＡＢ局', [], '平潭综合实验区AB局'],
    ['spaces inside the name', '平潭综合实验区 国有资产管理局 ', [], '平潭综合实验区国有资产管理局'],
    ['管理委员会 is written 管委会', '平潭综合实验区管理委员会', [], '平潭综合实验区管委会'],
    ['the province and prefecture in front', '广东省深圳市南山区人民政府', ['广东省', '深圳市'], '南山区人民政府'],
    ['in either order', '深圳市广东省南山区教育局', ['广东省', '深圳市'], '南山区教育局'],
    ['never the whole name', '深圳市', ['广东省', '深圳市'], '深圳市'],
    ['short forms are not stripped', '吉林市人民政府', ['吉林省'], '吉林市人民政府'],
    ['a name without ancestors stays', '平潭综合实验区财政金融局', ['福建省', '福州市'], '平潭综合实验区财政金融局'],
  ])('%s', (_rule, printed, ancestors, expected) => {
    expect(normaliseOrganName(printed, ancestors)).toBe(expected);
  });
});

describe('canonicalOrganName', () => {
  const aliases = readOrganAliases(
    [
      'jurisdiction,printed_name,canonical_name,from_year,to_year,note',
      '350128,平潭综合实验区投资促进局,平潭综合实验区国有资产管理局,2024,,renamed',
      '350128,平潭综合实验区综合执法局,平潭综合实验区综合执法与应急管理局,,2018,renamed earlier',
      '350128,平潭综合实验区新名局,平潭综合实验区投资促进局,2026,,a second rename names the first',
      '350128,平潭综合实验区甲局,平潭综合实验区乙局,,,cycle',
      '350128,平潭综合实验区乙局,平潭综合实验区甲局,,,cycle',
    ].join('\n'),
  );

  it.each([
    ['a renamed organ from the year of its new name', '平潭综合实验区投资促进局', 2024, '平潭综合实验区国有资产管理局'],
    ['printed with spaces and full-width characters', '平潭综合实验区　投资促进局 ', 2025, '平潭综合实验区国有资产管理局'],
    ['before the rename the name is another organ', '平潭综合实验区投资促进局', 2023, '平潭综合实验区投资促进局'],
    ['an old name up to its last year', '平潭综合实验区综合执法局', 2018, '平潭综合实验区综合执法与应急管理局'],
    ['an old name after its last year is another organ', '平潭综合实验区综合执法局', 2019, '平潭综合实验区综合执法局'],
    ['renames chain', '平潭综合实验区新名局', 2026, '平潭综合实验区国有资产管理局'],
    ['a cycle stops', '平潭综合实验区甲局', 2020, '平潭综合实验区甲局'],
    ['the organ under its registry name', '平潭综合实验区国有资产管理局', 2024, '平潭综合实验区国有资产管理局'],
  ])('%s', (_rule, printed, year, expected) => {
    expect(canonicalOrganName('350128', printed, year, aliases)).toBe(expected);
  });

  it('applies only in the jurisdiction the alias names', () => {
    expect(canonicalOrganName('350102', '平潭综合实验区投资促进局', 2024, aliases)).toBe('平潭综合实验区投资促进局');
  });

  it.each([
    ['a malformed code', '35012,a,b,,,x', /line 2: jurisdiction/],
    ['a malformed year', '350128,a,b,2024x,,x', /line 2: from_year/],
    ['a missing name', '350128,,b,,,x', /line 2: printed_name and canonical_name/],
  ])('refuses %s, naming the line', (_case, row, message) => {
    expect(() => readOrganAliases(`jurisdiction,printed_name,canonical_name,from_year,to_year,note\n${row}`)).toThrow(message);
  });

  it('reads the shipped table, which holds the 平潭 renames', () => {
    const shipped = organAliases();
    expect(shipped.aliases.length).toBe(readFileSync(ORGAN_ALIASES_PATH, 'utf8').trim().split('\n').length - 1);
    expect(canonicalOrganName('350128', '平潭综合实验区投资促进局', 2024, shipped)).toBe('平潭综合实验区国有资产管理局');
  });
});

describe('organCoverage', () => {
  const organ = (name: string, years: number[]) => ({ organ: name, years: new Set(years) });
  const organs = [
    organ('every year', [2019, 2020, 2021, 2022, 2023, 2024]),
    organ('skipped 2023', [2022, 2024]),
    organ('set up in 2021', [2021, 2022, 2023]),
    organ('dissolved after 2019', [2018, 2019]),
    organ('only a year long ago', [2015]),
  ];

  it.each([
    [
      'an organ reporting the years around is missing the year it skipped',
      [2023],
      ['every year', 'skipped 2023', 'set up in 2021'],
      ['skipped 2023'],
    ],
    [
      'an organ is expected the year before it first reports',
      [2020],
      ['every year', 'set up in 2021', 'dissolved after 2019'],
      ['set up in 2021', 'dissolved after 2019'],
    ],
    ['and the year after it last reports', [2024], ['every year', 'skipped 2023', 'set up in 2021'], ['set up in 2021']],
    [
      'two years after its last report it is no longer expected',
      [2021],
      ['every year', 'skipped 2023', 'set up in 2021'],
      ['skipped 2023'],
    ],
    [
      'over several years: expected in any, missing in any year it was expected',
      [2022, 2023],
      ['every year', 'skipped 2023', 'set up in 2021'],
      ['skipped 2023'],
    ],
  ])('%s', (_rule, years, expected, missing) => {
    expect(organCoverage(organs, years)).toEqual({ expected, missing });
  });
});
