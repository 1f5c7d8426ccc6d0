import { BLANK, MISSING, valueOf, type CellValue } from '../../src/rollups/cell-value';
import { evaluateFormula, formulaCodes, parseFormula } from '../../src/rollups/formula';
import { loadIndicatorCatalog } from '../../src/indicators/indicator.catalog';

const lookupOf = (values: Record<string, CellValue | undefined>) => (code: string) => values[code] ?? MISSING;

describe('formulas', () => {
  it('parses every formula of the catalog and reads only catalog codes', () => {
    const catalog = loadIndicatorCatalog();
    const codes = new Set(catalog.map((i) => i.code));
    for (const indicator of catalog.filter((i) => i.formula)) {
      for (const code of formulaCodes(parseFormula(indicator.formula as string)))
        expect([indicator.code, codes.has(code)]).toEqual([indicator.code, true]);
    }
  });

  it.each([
    {
      name: 'ratio of numbers',
      formula: '(a.x + b.x) / c.x',
      values: { 'a.x': valueOf(3), 'b.x': valueOf(1), 'c.x': valueOf(8) },
      expected: { value: 0.5, status: 'VALUE' },
    },
    {
      name: 'zero denominator',
      formula: 'a.x / c.x',
      values: { 'a.x': valueOf(0), 'c.x': valueOf(0) },
      expected: { value: null, status: 'NOT_APPLICABLE', reason: 'zero denominator' },
    },
    {
      name: 'blank beside a number in a sum',
      formula: 'a.x + b.x',
      values: { 'a.x': valueOf(3), 'b.x': BLANK },
      expected: { value: 3, status: 'VALUE' },
    },
    { name: 'all blank sum', formula: 'a.x + b.x', values: { 'a.x': BLANK, 'b.x': BLANK }, expected: { value: null, status: 'BLANK' } },
    { name: 'missing part', formula: 'a.x / c.x', values: { 'a.x': valueOf(3) }, expected: { value: null, status: 'MISSING' } },
    {
      name: 'blank numerator of a ratio',
      formula: 'a.x / c.x',
      values: { 'a.x': BLANK, 'c.x': valueOf(4) },
      expected: { value: null, status: 'BLANK' },
    },
    {
      name: 'subtraction and precedence',
      formula: 'a.x - b.x / c.x * 2',
      values: { 'a.x': valueOf(10), 'b.x': valueOf(3), 'c.x': valueOf(6) },
      expected: { value: 9, status: 'VALUE' },
    },
  ])('$name', ({ formula, values, expected }) => {
    expect(evaluateFormula(parseFormula(formula), lookupOf(values))).toMatchObject(expected);
  });

  it('rejects malformed formulas', () => {
    expect(() => parseFormula('a.x +')).toThrow('ends too early');
    expect(() => parseFormula('(a.x')).toThrow('missing ")"');
    expect(() => parseFormula('a.x $ b')).toThrow('unexpected');
  });
});
