import { EXAMPLE_QUERIES } from '../../src/ide/example-queries';
import { ensureBundledReports } from '../../src/ingestion/bundled-reports.loader';
import { createTestApi, type TestApi } from '../support/api';

/** Every example query offered in the IDE runs without errors on the bundled data, as a fresh start holds it. */
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    await ensureBundledReports(dataSource);
  });
}, 180_000);
afterAll(() => api.close());

it.each(EXAMPLE_QUERIES.map((e) => [e.title, e]))('%s runs without errors', async (_title, example) => {
  const data = await api.execute(example.query, example.variables);
  expect(Object.keys(data).length).toBeGreaterThan(0);
});

it("answers 平潭's organs with real values: a ranking of 2023, the organ that did not report, the renamed organ's names", async () => {
  const example = EXAMPLE_QUERIES.find((e) => e.title === "平潭's organs")!;
  const data = await api.execute<{
    ranking: { rankedCount: number; entries: { value: number; cell: { organ: { name: string } } }[]; unranked: { cell: { organ: { name: string } } }[] };
    jurisdiction: { organs: { name: string; names: { year: number; name: string }[] }[] };
  }>(example.query);
  expect(data.ranking.rankedCount).toBeGreaterThan(10);
  expect(data.ranking.entries[0].value).toBeGreaterThan(0);
  expect(data.ranking.unranked.map((u) => u.cell.organ.name)).toContain('平潭综合实验区公安局');
  expect(data.jurisdiction.organs.find((o) => o.name === '平潭综合实验区国有资产管理局')?.names.slice(-2)).toEqual([
    { year: 2023, name: '平潭综合实验区国有资产管理局' },
    { year: 2024, name: '平潭综合实验区投资促进局' },
  ]);
});
