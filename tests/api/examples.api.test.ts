import { EXAMPLE_QUERIES } from '../../src/ide/example-queries';
import { createTestApi, type TestApi } from '../support/api';
import { COMPLETE_REPORTS, storeExpectedReport } from '../support/fixtures';

/** Every example query offered in the IDE runs without errors on the bundled kind of data. */
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    for (const name of COMPLETE_REPORTS) await storeExpectedReport(dataSource, name);
  });
});
afterAll(() => api.close());

it.each(EXAMPLE_QUERIES.map((e) => [e.title, e]))('%s runs without errors', async (_title, example) => {
  const data = await api.execute(example.query, example.variables);
  expect(Object.keys(data).length).toBeGreaterThan(0);
});
