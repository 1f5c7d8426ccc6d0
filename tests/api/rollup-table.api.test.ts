import { ObservationEntity } from '../../src/observations/observation.entity';
import { ReportEntity } from '../../src/reports/report.entity';
import { CurrentValueEntity } from '../../src/rollups/current-value.entity';
import { RollupMaterialiser } from '../../src/rollups/rollup.materialiser';
import { createTestApi, type TestApi } from '../support/api';
import { storeReport } from '../support/factories';

/**
 * The materialised roll-ups of provinces and prefectures follow every change of the reports they sum:
 * new reports, revisions superseding (scope changes included), SUMMARY reports (no effect), and they
 * equal a full rebuild. Counties are summed from their reports when asked. The current values OWN and
 * REPORTED read follow the same changes.
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
  await storeReport(api.dataSource, {
    jurisdiction: '440300',
    year: 2023,
    organ: '深圳市人民政府办公厅',
    scope: 'SUMMARY',
    values: { 'applications.new.total': 999 },
  });
  expect(await values()).toEqual(all(5, null));
  // A revision supersedes: its values replace the old ones in every roll-up.
  await storeReport(api.dataSource, { ...spec, values: { 'applications.new.total': 7, 'review.total': 2 } });
  expect(await values()).toEqual(all(7, 2));
  // A department of the district adds to it.
  await storeReport(api.dataSource, {
    jurisdiction: '440304',
    year: 2023,
    organ: '深圳市福田区教育局',
    organKind: 'DEPARTMENT',
    values: { 'applications.new.total': 1 },
  });
  expect(await values()).toEqual(all(8, 2));
  // A revision re-filed as SUMMARY leaves the OWN roll-ups.
  await storeReport(api.dataSource, { ...spec, scope: 'SUMMARY', values: { 'applications.new.total': 7, 'review.total': 2 } });
  const afterScope = await values();
  expect(afterScope).toEqual(all(1, null).map((row) => (row[1] === 'review.total' ? [row[0], row[1], null, 'MISSING'] : row)));
  await new RollupMaterialiser(api.dataSource).rebuild();
  expect(await values()).toEqual(afterScope);
});

it('keeps the derived values of the roll-ups (rankings read them) right through imports, revisions and a rebuild', async () => {
  const RANKING = `{ ranking(indicator: "derived.disclosure_rate", year: 2021, among: { codes: ["440000", "440300", "440100", "440500"] }, measure: ROLLUP, first: 10) {
    rankedCount entries { value cell { jurisdiction { code } } } } }`;
  const CELLS = `{ cells(jurisdictions: { codes: ["440000", "440300", "440100", "440500"] }, indicators: ["derived.disclosure_rate"], years: { from: 2021, to: 2021 }, measure: ROLLUP) { jurisdiction { code } value status } }`;
  const check = async () => {
    const { ranking } = await api.execute<{
      ranking: { rankedCount: number; entries: { value: number; cell: { jurisdiction: { code: string } } }[] };
    }>(RANKING);
    const { cells } = await api.execute<{ cells: { jurisdiction: { code: string }; value: number | null; status: string }[] }>(CELLS);
    const expected = cells
      .filter((c) => c.status === 'VALUE')
      .sort((a, b) => (b.value as number) - (a.value as number) || (a.jurisdiction.code < b.jurisdiction.code ? -1 : 1))
      .map((c) => [c.jurisdiction.code, c.value]);
    expect(ranking.entries.map((e) => [e.cell.jurisdiction.code, e.value])).toEqual(expected);
    expect(ranking.rankedCount).toBe(expected.length);
    return expected;
  };
  const rate = (disclosed: number, partially: number, total: number) => ({
    'outcome.disclosed.total': disclosed,
    'outcome.partially_disclosed.total': partially,
    'outcome.total.total': total,
  });
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
  await new RollupMaterialiser(api.dataSource).rebuild();
  expect(await check()).toEqual(revised);
});

it('keeps the current values (what OWN and REPORTED read) equal to the reports they come from, through every kind of change and a rebuild', async () => {
  type Row = [jurisdiction: string, measure: string, indicator: string, year: number, value: number | null, status: string, report: number];
  /**
   * Independently of the SQL that maintains it: per jurisdiction, year and measure, the observations of the latest eligible current report.
   */
  const expected = async (): Promise<Row[]> => {
    const chosen = new Map<string, number>();
    for (const r of await api.dataSource.getRepository(ReportEntity).find()) {
      const measure = r.scope === 'SUMMARY' ? 'REPORTED' : r.scope === 'OWN' && r.organKind === 'GOVERNMENT' ? 'OWN' : null;
      if (r.supersededById !== null || measure === null) continue;
      const key = `${r.jurisdictionCode}|${r.year}|${measure}`;
      chosen.set(key, Math.max(chosen.get(key) ?? 0, r.id));
    }
    const rows: Row[] = [];
    for (const [key, id] of chosen) {
      const [j, y, measure] = key.split('|');
      for (const o of await api.dataSource.getRepository(ObservationEntity).findBy({ reportId: id }))
        rows.push([j, measure, o.indicatorCode, Number(y), o.value, o.status, id]);
    }
    return rows.sort((a, b) => (a.slice(0, 4).join('|') < b.slice(0, 4).join('|') ? -1 : 1));
  };
  const stored = async (): Promise<Row[]> =>
    (await api.dataSource.getRepository(CurrentValueEntity).find())
      .map((r): Row => [r.jurisdictionCode, r.measure, r.indicatorCode, r.year, r.value, r.status, r.reportId])
      .sort((a, b) => (a.slice(0, 4).join('|') < b.slice(0, 4).join('|') ? -1 : 1));
  const OWN_AND_REPORTED = `{ own: cells(jurisdictions: { codes: ["440305"] }, indicators: ["applications.new.total"], years: { from: 2019, to: 2020 }, measure: OWN) { year value status }
    reported: cells(jurisdictions: { codes: ["440305"] }, indicators: ["applications.new.total"], years: { from: 2019, to: 2020 }, measure: REPORTED) { year value status } }`;
  const read = async () =>
    api.execute<{
      own: { year: number; value: number | null; status: string }[];
      reported: { year: number; value: number | null; status: string }[];
    }>(OWN_AND_REPORTED);
  const check = async () => {
    const rows = await stored();
    expect(rows).toEqual(await expected());
    return rows;
  };

  const government = { jurisdiction: '440305', year: 2020, organ: '深圳市南山区人民政府' };
  await storeReport(api.dataSource, { ...government, values: { 'applications.new.total': 10, 'review.total': null } });
  await check();
  // A department's OWN report is no government report: OWN stays the government's.
  await storeReport(api.dataSource, {
    jurisdiction: '440305',
    year: 2020,
    organ: '深圳市南山区教育局',
    organKind: 'DEPARTMENT',
    values: { 'applications.new.total': 99 },
  });
  await storeReport(api.dataSource, {
    jurisdiction: '440305',
    year: 2020,
    organ: '深圳市南山区人民政府办公室',
    scope: 'SUMMARY',
    values: { 'applications.new.total': 120 },
  });
  await check();
  expect((await read()).own.find((c) => c.year === 2020)).toEqual({ year: 2020, value: 10, status: 'VALUE' });
  expect((await read()).reported.find((c) => c.year === 2020)).toEqual({ year: 2020, value: 120, status: 'VALUE' });
  // A revision replaces; a second government organ filing for the same year: the last import wins.
  await storeReport(api.dataSource, { ...government, values: { 'applications.new.total': 11, 'review.total': 3 } });
  await check();
  await storeReport(api.dataSource, {
    jurisdiction: '440305',
    year: 2020,
    organ: '深圳市南山区人民政府办公厅',
    values: { 'applications.new.total': 12 },
  });
  await check();
  expect((await read()).own.find((c) => c.year === 2020)).toEqual({ year: 2020, value: 12, status: 'VALUE' });
  // The latest report answers for the jurisdiction and year as a whole: a code it lacks is MISSING, not
  // taken from the other organ's older report (whatever codes a request asks for).
  const REVIEW =
    '{ cells(jurisdictions: { codes: ["440305"] }, indicators: ["review.total"], years: { from: 2020, to: 2020 }, measure: OWN) { value status } }';
  expect((await api.execute<{ cells: unknown[] }>(REVIEW)).cells).toEqual([{ value: null, status: 'MISSING' }]);
  // Re-filed as SUMMARY: it leaves OWN (the other organ's report answers again) and becomes the latest SUMMARY.
  await storeReport(api.dataSource, {
    jurisdiction: '440305',
    year: 2020,
    organ: '深圳市南山区人民政府办公厅',
    scope: 'SUMMARY',
    values: { 'applications.new.total': 13 },
  });
  await storeReport(api.dataSource, {
    jurisdiction: '440305',
    year: 2019,
    organ: '深圳市南山区人民政府',
    values: { 'applications.new.total': 4 },
  });
  const rows = await check();
  expect((await api.execute<{ cells: unknown[] }>(REVIEW)).cells).toEqual([{ value: 3, status: 'VALUE' }]);
  expect(await read()).toEqual({
    own: [
      { year: 2019, value: 4, status: 'VALUE' },
      { year: 2020, value: 11, status: 'VALUE' },
    ],
    reported: [
      { year: 2019, value: null, status: 'MISSING' },
      { year: 2020, value: 13, status: 'VALUE' },
    ],
  });
  await new RollupMaterialiser(api.dataSource).rebuild();
  expect(await check()).toEqual(rows);
});
