import type { Hierarchy } from '../../src/jurisdictions/hierarchy';
import { storeReport } from '../support/factories';
import { createTestApi, type TestApi } from '../support/api';

/**
 * The cost is what a request will really do, computed before it runs: here every request is refused
 * (OGI_MAX_COST 1) so that the error states its cost, checked against the same arithmetic done by hand
 * from the hierarchy — selectors resolved exactly, aliases summed, nested lists multiplied, and the
 * organs of `organsOf` counted in the database.
 */
let api: TestApi;
let hierarchy: Hierarchy;
beforeAll(async () => {
  api = await createTestApi(
    undefined,
    async (dataSource) => {
      for (const organ of ['深圳市罗湖区人民政府', '深圳市罗湖区教育局', '深圳市罗湖区公安分局']) {
        await storeReport(dataSource, {
          jurisdiction: '440303',
          year: 2022,
          organ,
          organKind: organ.endsWith('政府') ? 'GOVERNMENT' : 'DEPARTMENT',
          values: { 'applications.new.total': 1 },
        });
      }
    },
    { maxCost: 1 },
  );
  hierarchy = await api.app.services.jurisdictions.hierarchy();
}, 60000);
afterAll(() => api?.close());

async function costOf(query: string): Promise<number> {
  const response = await api.app.apollo.executeOperation({ query }, { contextValue: api.app.contextFor() });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  const [error] = response.body.singleResult.errors ?? [];
  expect(error?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  return Number(error?.extensions?.cost);
}

const children = (code: string) => hierarchy.children(code).length;
const countiesBelow = (code: string) => hierarchy.select({ descendantsOf: code, level: 'COUNTY' }).length;

it.each([
  // values read (jurisdictions × base indicators × years) + cells × (1 + their selection)
  [
    'cells of the children',
    '{ cells(jurisdictions: { childrenOf: "440300" }, indicators: ["applications.new.total"], years: { from: 2020, to: 2022 }) { value } }',
    () => children('440300') * 3 + children('440300') * 3,
  ],
  [
    'cells below a province at one level',
    '{ cells(jurisdictions: { descendantsOf: "440000", level: COUNTY }, indicators: ["applications.new.total"], years: { from: 2022, to: 2022 }) { value } }',
    () => 2 * countiesBelow('440000'),
  ],
  [
    'the same twice under aliases',
    '{ a: cells(jurisdictions: { childrenOf: "440300" }, indicators: ["applications.new.total"], years: { from: 2020, to: 2022 }) { value } b: cells(jurisdictions: { childrenOf: "440300" }, indicators: ["applications.new.total"], years: { from: 2020, to: 2022 }) { value } }',
    () => 2 * 6 * children('440300'),
  ],
  [
    'aggregated years read every year, answer one',
    '{ cells(jurisdictions: { codes: ["440300", "440100"] }, indicators: ["applications.new.total"], years: { from: 2014, to: 2023 }, aggregateYears: true) { value } }',
    () => 2 * 10 + 2,
  ],
  // matrix: values read + cells computed + 1 + its arrays (values: one per cell)
  [
    'a matrix over a level',
    '{ matrix(jurisdictions: { level: PROVINCE }, indicators: ["applications.new.total"], years: { from: 2021, to: 2022 }) { values } }',
    () => 34 * 2 + 34 * 2 + 1 + 34 * 2,
  ],
  // ranking: values read + cells + 1 + its entries (its `first`, at most every jurisdiction ranked)
  [
    'a ranking of the provinces, first 5',
    '{ ranking(indicator: "applications.new.total", year: 2022, among: { level: PROVINCE }, first: 5) { entries { value } } }',
    () => 34 + 34 + 1 + 5,
  ],
  [
    'a ranking of the 9 children, first 50',
    '{ ranking(indicator: "applications.new.total", year: 2022, among: { childrenOf: "440300" }, first: 50) { entries { value } } }',
    () => 2 * children('440300') + 1 + children('440300'),
  ],
  // organsOf: one row per organ of the jurisdiction (three stored for 罗湖区)
  [
    'a matrix over the organs of a jurisdiction',
    '{ matrix(jurisdictions: { organsOf: "440303" }, indicators: ["applications.new.total"], years: { from: 2021, to: 2022 }) { values } }',
    () => 3 * 2 + 3 * 2 + 1 + 3 * 2,
  ],
  // a page of 2 (its codes) × (edge + node + series: values read + each indicator's series of 3 cells)
  [
    'series nested in a page',
    '{ jurisdictions(codes: ["440300", "440100"], first: 10) { edges { node { series(indicators: ["applications.new.total", "outcome.total.total"], years: { from: 2020, to: 2022 }) { cells { value } } } } } }',
    () => 1 + 2 * (1 + (1 + (2 * 3 + 2 * (1 + 3)))),
  ],
])('%s', async (_name, query, expected) => {
  expect(await costOf(query)).toBe(expected());
});
