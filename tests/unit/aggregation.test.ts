import { rankValues, ruleOf, valueInYear, valueOverYears, yearOverYear, type IndicatorRule } from '../../src/rollups/aggregation';
import { BLANK, MISSING, valueOf, type CellValue } from '../../src/rollups/cell-value';

const rules = new Map<string, IndicatorRule>(
  [
    { code: 'flow.a', timeAggregation: 'sum', formatVersions: ['2019', '2021'], formula: null },
    { code: 'flow.b', timeAggregation: 'sum', formatVersions: ['2019', '2021'], formula: null },
    { code: 'stock.end', timeAggregation: 'last', formatVersions: ['2021'], formula: null },
    { code: 'stock.start', timeAggregation: 'first', formatVersions: ['2019', '2021'], formula: null },
    { code: 'derived.share', timeAggregation: 'derived', formatVersions: ['2019', '2021'], formula: 'flow.a / (flow.a + flow.b)' },
    { code: 'derived.sub', timeAggregation: 'sum', formatVersions: ['2019', '2021'], formula: 'flow.a + flow.b' },
    { code: 'derived.rate', timeAggregation: 'derived', formatVersions: ['2019', '2021'], formula: 'flow.a / derived.sub' },
  ].map((r) => [r.code, ruleOf(r)]),
);

const table = (values: Record<string, CellValue>) => (code: string, year: number) => values[`${code}@${year}`] ?? MISSING;

describe('valueInYear / valueOverYears', () => {
  const base = table({
    'flow.a@2020': valueOf(1),
    'flow.a@2021': valueOf(3),
    'flow.a@2022': valueOf(6),
    'flow.b@2020': valueOf(1),
    'flow.b@2021': valueOf(1),
    'flow.b@2022': BLANK,
    'stock.end@2021': valueOf(10),
    'stock.end@2022': valueOf(12),
    'stock.start@2021': valueOf(5),
    'stock.start@2022': valueOf(7),
  });

  it.each([
    ['a flow in one year', 'flow.a', [2021], { value: 3, status: 'VALUE' }],
    ['a flow summed over years', 'flow.a', [2020, 2021, 2022], { value: 10, status: 'VALUE' }],
    ['blanks add nothing beside numbers', 'flow.b', [2021, 2022], { value: 1, status: 'VALUE' }],
    ['a missing year is said, not hidden', 'flow.a', [2019, 2020], { value: 1, status: 'VALUE', reason: expect.stringContaining('2019') }],
    ['a year-end stock takes the last year', 'stock.end', [2021, 2022], { value: 12, status: 'VALUE' }],
    ['a year-start stock takes the first year', 'stock.start', [2021, 2022], { value: 5, status: 'VALUE' }],
    ['the last year missing is MISSING, not an earlier value', 'stock.end', [2022, 2023], { value: null, status: 'MISSING' }],
    ['a derived ratio is the ratio of the sums', 'derived.share', [2020, 2021, 2022], { value: 10 / 12, status: 'VALUE' }],
    ['a derived ratio over a derived subtotal', 'derived.rate', [2021], { value: 0.75, status: 'VALUE' }],
  ])('%s', (_name, code, years, expected) => {
    const got = years.length === 1 ? valueInYear(code, years[0], rules, base) : valueOverYears(code, years, rules, base);
    expect(got).toMatchObject(expected);
  });

  it('never averages ratios: the ratio of sums differs from the mean of yearly ratios', () => {
    const yearly = [2020, 2021, 2022].map((y) => valueInYear('derived.share', y, rules, base).value as number);
    const mean = yearly.reduce((a, b) => a + b, 0) / yearly.length;
    expect(valueOverYears('derived.share', [2020, 2021, 2022], rules, base).value).not.toBeCloseTo(mean, 5);
  });
});

describe('yearOverYear', () => {
  it.each([
    ['a change', valueOf(12), valueOf(10), 2022, ['2019', '2021'], { previous: 10, absolute: 2, percent: 20, reason: null }],
    ['previous year missing', valueOf(12), MISSING, 2022, ['2019', '2021'], { absolute: null, reason: 'no report for 2021' }],
    [
      'previous year 0',
      valueOf(3),
      valueOf(0),
      2022,
      ['2019', '2021'],
      { absolute: 3, percent: null, reason: expect.stringContaining('is 0') },
    ],
    [
      'across the format change for a 2021-only indicator',
      valueOf(3),
      valueOf(1),
      2021,
      ['2021'],
      { absolute: null, reason: expect.stringContaining('2019 format') },
    ],
    ['a blank this year', BLANK, valueOf(1), 2022, ['2019', '2021'], { absolute: null, reason: '2022 is blank' }],
  ])('%s', (_name, current, previous, year, versions, expected) => {
    expect(yearOverYear(current as CellValue, previous as CellValue, year as number, versions as string[])).toMatchObject(
      expected as object,
    );
  });
});

describe('rankValues', () => {
  it('shares ranks between ties, skips after them, and leaves out entries without a number', () => {
    const { ranked, unranked } = rankValues(
      [
        { item: 'a', value: valueOf(5) },
        { item: 'b', value: valueOf(9) },
        { item: 'c', value: valueOf(5) },
        { item: 'd', value: MISSING },
        { item: 'e', value: valueOf(1) },
        { item: 'f', value: { value: null, status: 'NOT_APPLICABLE', reason: 'zero denominator' } },
      ],
      'DESC',
    );
    expect(ranked.map((r) => [r.item, r.rank, r.percentile])).toEqual([
      ['b', 1, 100],
      ['a', 2, 75],
      ['c', 2, 75],
      ['e', 4, 25],
    ]);
    expect(unranked.map((u) => u.item)).toEqual(['d', 'f']);
    expect(
      rankValues(
        [
          { item: 'x', value: valueOf(2) },
          { item: 'y', value: valueOf(1) },
        ],
        'ASC',
      ).ranked.map((r) => r.item),
    ).toEqual(['y', 'x']);
  });
});
