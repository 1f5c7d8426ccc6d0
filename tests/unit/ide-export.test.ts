import type { GraphQLSchema } from 'graphql';
import { cellsExportUrl } from '../../src/ide/ide-export';
import { buildAppSchema } from '../../src/schema';

/** The IDE's "download as CSV": a `cells`/`matrix` operation turned into the export's URL, or a reason. */
describe('cellsExportUrl', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  const params = (url: string) => {
    const parsed = new URL(url, 'http://x');
    expect(parsed.pathname).toBe('/export/cells.csv');
    return Object.fromEntries(parsed.searchParams);
  };

  it('takes the arguments of cells, variables and defaults coerced as GraphQL would', () => {
    const url = cellsExportUrl(schema, {
      query:
        'query Q($codes: [ID!]!, $to: Int!) { other: indicators { code } cells(jurisdictions: { codes: $codes }, indicators: ["applications.new.total"], years: { from: 2019, to: $to }) { value } }',
      variables: '{"codes": ["350000", "350128"], "to": 2024}',
    });
    expect(params(url)).toEqual({
      jurisdictions: '350000,350128',
      indicators: 'applications.new.total',
      from: '2019',
      to: '2024',
      measure: 'OWN',
    });
  });

  it('takes the arguments of matrix, selectors, exclude, aggregateYears and decimals', () => {
    const url = cellsExportUrl(schema, {
      query:
        '{ matrix(jurisdictions: { descendantsOf: "350000", level: COUNTY }, indicators: ["derived.disclosure_rate"], years: { from: 2020, to: 2023 }, measure: BEST, aggregateYears: true, exclude: [FAILED_CHECKS, MISSING_PARTS], decimals: 3) { values } }',
      variables: { unused: 1 },
    });
    expect(params(url)).toEqual({
      descendantsOf: '350000',
      level: 'COUNTY',
      indicators: 'derived.disclosure_rate',
      from: '2020',
      to: '2023',
      measure: 'BEST',
      aggregateYears: 'true',
      exclude: 'FAILED_CHECKS,MISSING_PARTS',
      decimals: '3',
    });
  });

  it('picks the named operation of several', () => {
    const query =
      'query A { indicators { code } } query B { cells(jurisdictions: { childrenOf: "350100" }, indicators: ["review.total"], years: { from: 2022, to: 2022 }, measure: ROLLUP) { value } }';
    expect(params(cellsExportUrl(schema, { query, operationName: 'B' }))).toEqual({
      childrenOf: '350100',
      indicators: 'review.total',
      from: '2022',
      to: '2022',
      measure: 'ROLLUP',
    });
    expect(() => cellsExportUrl(schema, { query })).toThrow(/several operations/);
    expect(() => cellsExportUrl(schema, { query, operationName: 'A' })).toThrow(/neither/);
    expect(() => cellsExportUrl(schema, { query, operationName: 'C' })).toThrow(/No operation named C/);
  });

  it.each([
    ['no query', {}, /No query/],
    ['a query that does not parse', { query: '{ cells(' }, /does not parse/],
    ['an invalid query', { query: '{ cells { value } }' }, /not valid/],
    [
      'organsOf, which the export does not take',
      {
        query:
          '{ cells(jurisdictions: { organsOf: "350128" }, indicators: ["applications.new.total"], years: { from: 2023, to: 2023 }) { value } }',
      },
      /organsOf/,
    ],
    [
      'variables that are not JSON',
      {
        query: 'query($y: Int!) { cells(jurisdictions: { codes: ["350128"] }, indicators: ["a"], years: { from: $y, to: $y }) { value } }',
        variables: '{y: 1',
      },
      /not valid JSON/,
    ],
    [
      'variables that do not coerce',
      {
        query: 'query($y: Int!) { cells(jurisdictions: { codes: ["350128"] }, indicators: ["a"], years: { from: $y, to: $y }) { value } }',
        variables: '{"y": "soon"}',
      },
      /variables are not valid/,
    ],
    ['a mutation', { query: 'mutation { withdrawReport(id: "1", reason: "x") { outcome } }' }, /Only queries/],
  ])('refuses %s with a reason', (_name, body, message) => {
    expect(() => cellsExportUrl(schema, body)).toThrow(message);
  });
});
