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

it('keeps the derived values of the roll-ups (rankings read them) right through imports, revisions and a rebuild', async () => {
  const RANKING = `{ ranking(indicator: "derived.disclosure_rate", year: 2021, among: { codes: ["440000", "440300", "440100", "440500"] }, measure: ROLLUP, first: 10) {
    rankedCount entries { value cell { jurisdiction { code } } } } }`;
  const CELLS = `{ cells(jurisdictions: { codes: ["440000", "440300", "440100", "440500"] }, indicators: ["derived.disclosure_rate"], years: { from: 2021, to: 2021 }, measure: ROLLUP) { jurisdiction { code } value status } }`;
  const check = async () => {
    const { ranking } = await api.execute<{ ranking: { rankedCount: number; entries: { value: number; cell: { jurisdiction: { code: string } } }[] } }>(RANKING);
    const { cells } = await api.execute<{ cells: { jurisdiction: { code: string }; value: number | null; status: string }[] }>(CELLS);
    const expected = cells
      .filter((c) => c.status === 'VALUE')
      .sort((a, b) => (b.value as number) - (a.value as number) || (a.jurisdiction.code < b.jurisdiction.code ? -1 : 1))
      .map((c) => [c.jurisdiction.code, c.value]);
    expect(ranking.entries.map((e) => [e.cell.jurisdiction.code, e.value])).toEqual(expected);
    expect(ranking.rankedCount).toBe(expected.length);
    return expected;
  };
  const rate = (disclosed: number, partially: number, total: number) => ({ 'outcome.disclosed.total': disclosed, 'outcome.partially_disclosed.total': partially, 'outcome.total.total': total });
  expect(await check()).toEqual([]);
  await storeReport(api.dataSource, { jurisdiction: '440303', year: 2021, organ: '深圳市罗湖区人民政府', values: rate(3, 1, 8) });
  expect(await check()).toEqual([
    ['440000', 0.5],
    ['440300', 0.5],
  ]);
  await storeReport(api.dataSource, { jurisdiction: '440104', year: 2021, organ: '广州市越秀区人民政府', values: rate(9, 0, 10) });
  await storeReport(api.dataSource, { jurisdiction: '440500', year: 2021, organ: '汕头市人民政府', values: rate(1, 0, 0) });
  expect(await check()).toEqual([
    ['440100', 0.9],
    ['440000', 14 / 18],
    ['440300', 0.5],
  ]);
  // A revision replaces the district's parts in its prefecture's and province's derived values.
  await storeReport(api.dataSource, { jurisdiction: '440303', year: 2021, organ: '深圳市罗湖区人民政府', values: rate(8, 0, 8) });
  const revised = await check();
  // 深圳 8/8 and 广东 18/18 tie at 1: code order.
  expect(revised.slice(0, 2)).toEqual([
    ['440000', 1],
    ['440300', 1],
  ]);
  await new RollupService(api.dataSource).rebuild();
  expect(await check()).toEqual(revised);
});
