import { createTestApi, type TestApi } from '../support/api';
import { storeReport, type ReportSpec } from '../support/factories';

/** What data exists: the `years` inventory and `Jurisdiction.availability`, counted independently from the reports stored. */
const REPORTS: ReportSpec[] = [
  { jurisdiction: '440300', year: 2021, organ: '深圳市人民政府', values: { 'applications.new.total': 1 } },
  { jurisdiction: '440300', year: 2021, organ: '深圳市公安局', organKind: 'DEPARTMENT', values: { 'applications.new.total': 2 } },
  { jurisdiction: '440300', year: 2021, organ: '深圳市人民政府办公厅', scope: 'SUMMARY', values: { 'applications.new.total': 9 } },
  { jurisdiction: '440303', year: 2021, organ: '深圳市罗湖区人民政府', values: { 'applications.new.total': 3 } },
  { jurisdiction: '440303', year: 2022, organ: '深圳市罗湖区人民政府', values: { 'applications.new.total': 4 } },
  { jurisdiction: '350128', year: 2019, organ: '平潭综合实验区公安局', organKind: 'DEPARTMENT', values: { 'applications.new.total': 5 } },
];

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    for (const spec of REPORTS) await storeReport(dataSource, spec);
    // A revision: the superseded report is not counted.
    await storeReport(dataSource, { ...REPORTS[4], values: { 'applications.new.total': 6 } });
  });
});
afterAll(() => api.close());

it('lists every year with reports: by kind, format, level and province', async () => {
  const data = await api.execute<{
    years: {
      year: number;
      reports: number;
      byKind: { scope: string; organKind: string; reports: number }[];
      byFormat: { formatVersion: string; reports: number }[];
      byLevel: { level: string; jurisdictions: number }[];
      provinces: { province: { code: string }; reports: number; jurisdictions: number; summaries: number; governmentOwn: number }[];
    }[];
  }>(
    '{ years { year reports byKind { scope organKind reports } byFormat { formatVersion reports } byLevel { level jurisdictions } provinces { province { code } reports jurisdictions summaries governmentOwn } } }',
  );
  expect(data.years.map((y) => [y.year, y.reports])).toEqual([
    [2019, 1],
    [2021, 4],
    [2022, 1],
  ]);
  const y2021 = data.years.find((y) => y.year === 2021)!;
  expect(y2021.byKind).toEqual([
    { scope: 'OWN', organKind: 'DEPARTMENT', reports: 1 },
    { scope: 'OWN', organKind: 'GOVERNMENT', reports: 2 },
    { scope: 'SUMMARY', organKind: 'GOVERNMENT', reports: 1 },
  ]);
  expect(y2021.byFormat).toEqual([{ formatVersion: 'FORMAT_2021', reports: 4 }]);
  expect(y2021.byLevel).toEqual([
    { level: 'PROVINCE', jurisdictions: 0 },
    { level: 'PREFECTURE', jurisdictions: 1 },
    { level: 'COUNTY', jurisdictions: 1 },
  ]);
  expect(y2021.provinces).toEqual([{ province: { code: '440000' }, reports: 4, jurisdictions: 2, summaries: 1, governmentOwn: 2 }]);
  const range = await api.execute<{ years: { year: number; reports: number }[] }>(
    '{ years(years: { from: 2020, to: 2021 }) { year reports } }',
  );
  expect(range.years).toEqual([
    { year: 2020, reports: 0 },
    { year: 2021, reports: 4 },
  ]);
});

it("gives a jurisdiction's availability: years × kind of report, and the reports below it", async () => {
  const data = await api.execute<{
    shenzhen: { availability: unknown[] };
    guangdong: { availability: unknown[] };
    pingtan: { availability: unknown[] };
  }>(`{
    shenzhen: jurisdiction(code: "440300") { availability { year governmentOwn departmentOwn summary below } }
    guangdong: jurisdiction(code: "440000") { availability(years: { from: 2021, to: 2023 }) { year governmentOwn departmentOwn summary below } }
    pingtan: jurisdiction(code: "350128") { availability { year governmentOwn departmentOwn summary below } }
  }`);
  expect(data.shenzhen.availability).toEqual([
    { year: 2021, governmentOwn: 1, departmentOwn: 1, summary: 1, below: 1 },
    { year: 2022, governmentOwn: 0, departmentOwn: 0, summary: 0, below: 1 },
  ]);
  expect(data.guangdong.availability).toEqual([
    { year: 2021, governmentOwn: 0, departmentOwn: 0, summary: 0, below: 4 },
    { year: 2022, governmentOwn: 0, departmentOwn: 0, summary: 0, below: 1 },
    { year: 2023, governmentOwn: 0, departmentOwn: 0, summary: 0, below: 0 },
  ]);
  expect(data.pingtan.availability).toEqual([{ year: 2019, governmentOwn: 0, departmentOwn: 1, summary: 0, below: 0 }]);
});

it('answers a year outside every report with a reason, not a silent MISSING', async () => {
  const data = await api.execute<{ cells: { year: number; status: string; reason: string }[] }>(
    '{ cells(jurisdictions: { codes: ["440300"] }, indicators: ["applications.new.total", "derived.disclosure_rate"], years: { from: 2030, to: 2030 }, measure: BEST) { year status reason } }',
  );
  expect(data.cells).toEqual([
    { year: 2030, status: 'MISSING', reason: 'no report in the database is on 2030 (the reports stored are on 2019, 2021–2022)' },
    { year: 2030, status: 'MISSING', reason: 'no report in the database is on 2030 (the reports stored are on 2019, 2021–2022)' },
  ]);
});
