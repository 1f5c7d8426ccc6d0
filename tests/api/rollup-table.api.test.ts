import { RollupService } from '../../src/rollups/rollup.service';
import { createTestApi, type TestApi } from '../support/api';
import { storeReport } from '../support/factories';

/**
 * The materialised roll-ups of provinces and prefectures follow every change of the reports they sum:
 * new reports, revisions superseding (scope changes included), SUMMARY reports (no effect), and they
 * equal a full rebuild. Counties are summed from their reports when asked.
 */
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const READ = `{ cells(jurisdictions: { codes: ["440000", "440300", "440304"] }, indicators: ["applications.new.total", "review.total"], years: { from: 2023, to: 2023 }, measure: ROLLUP) { jurisdiction { code } indicator { code } value status } }`;
type Cells = { cells: { jurisdiction: { code: string }; indicator: { code: string }; value: number | null; status: string }[] };
const values = async () => (await api.execute<Cells>(READ)).cells.map((c) => [c.jurisdiction.code, c.indicator.code, c.value, c.status]);
const all = (apps: number | null, review: number | null, status = 'VALUE') =>
  ['440000', '440300', '440304'].flatMap((code) => [
    [code, 'applications.new.total', apps, apps === null && status !== 'VALUE' ? status : apps === null ? 'BLANK' : 'VALUE'],
    [code, 'review.total', review, review === null && status !== 'VALUE' ? status : review === null ? 'BLANK' : 'VALUE'],
  ]);

it('follows imports, revisions and scope changes, and equals a rebuild', async () => {
  expect(await values()).toEqual(all(null, null, 'MISSING'));
  const spec = { jurisdiction: '440304', year: 2023, organ: '深圳市福田区人民政府' };
  await storeReport(api.dataSource, { ...spec, values: { 'applications.new.total': 5, 'review.total': null } });
  expect(await values()).toEqual(all(5, null));
  await storeReport(api.dataSource, { jurisdiction: '440300', year: 2023, organ: '深圳市人民政府办公厅', scope: 'SUMMARY', values: { 'applications.new.total': 999 } });
  expect(await values()).toEqual(all(5, null));
  // A revision supersedes: its values replace the old ones in every roll-up.
  await storeReport(api.dataSource, { ...spec, values: { 'applications.new.total': 7, 'review.total': 2 } });
  expect(await values()).toEqual(all(7, 2));
  // A department of the district adds to it.
  await storeReport(api.dataSource, { jurisdiction: '440304', year: 2023, organ: '深圳市福田区教育局', organKind: 'DEPARTMENT', values: { 'applications.new.total': 1 } });
  expect(await values()).toEqual(all(8, 2));
  // A revision re-filed as SUMMARY leaves the OWN roll-ups.
  await storeReport(api.dataSource, { ...spec, scope: 'SUMMARY', values: { 'applications.new.total': 7, 'review.total': 2 } });
  const afterScope = await values();
  expect(afterScope).toEqual(all(1, null).map((row) => (row[1] === 'review.total' ? [row[0], row[1], null, 'MISSING'] : row)));
  await new RollupService(api.dataSource).rebuild();
  expect(await values()).toEqual(afterScope);
});
