import { createTestApi, type TestApi } from '../support/api';
import { COMPLETE_REPORTS, storeExpectedReport } from '../support/fixtures';

/**
 * Nested lists are batched per request: the number of SQL statements of a nested query must not grow
 * with the number of parent rows.
 */
let api: TestApi;
beforeAll(async () => {
  // The query's shape is deliberately huge (on a fully loaded database its estimated cost is tens of
  // millions of objects, far over OGI_MAX_COST): here it only counts statements, so the limit is lifted.
  api = await createTestApi(
    undefined,
    async (dataSource) => {
      for (const name of COMPLETE_REPORTS) await storeExpectedReport(dataSource, name);
    },
    { maxCost: Number.MAX_SAFE_INTEGER },
  );
});
afterAll(() => api.close());

const NESTED = `query($codes: [ID!], $first: Int!) {
  jurisdictions(codes: $codes, level: PREFECTURE, first: $first) {
    totalCount
    edges { node {
      code name
      parent { code name }
      ancestors { code }
      children { code name parent { code } reports { id consistency { identity status } observations { value indicator { code unit } } } }
      reports { id observations { value } }
    } }
  }
}`;

async function statementsFor(codes: string[] | null): Promise<number> {
  api.statements.length = 0;
  const data = await api.execute<{ jurisdictions: { edges: unknown[] } }>(NESTED, { codes, first: 500 });
  expect(data.jurisdictions.edges.length).toBeGreaterThanOrEqual(codes ? codes.length : 300);
  return api.statements.length;
}

it('does not grow with the number of parent rows', async () => {
  // Once first: reference data read once per process (the hierarchy) is not part of what is compared.
  await statementsFor(['320800']);
  // 淮安 and 福州 hold reports in their counties; then every prefecture of the country.
  const few = await statementsFor(['320800', '350100']);
  const many = await statementsFor(null);
  expect(many).toBe(few);
  // Fujian's 福州 (350100) children include 平潭县 with its four reports: the nested lists were really filled.
  const fuzhou = await api.execute<{ jurisdiction: { children: { code: string; reports: { observations: unknown[] }[] }[] } }>(
    '{ jurisdiction(code: "350100") { children { code reports { observations { value } } } } }',
  );
  const pingtan = fuzhou.jurisdiction.children.find((c) => c.code === '350128');
  expect(pingtan?.reports).toHaveLength(4);
  expect(pingtan?.reports[0].observations.length).toBeGreaterThan(100);
});
