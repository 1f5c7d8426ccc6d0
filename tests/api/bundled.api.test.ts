import { ensureBundledReports, readManifest } from '../../src/ingestion/bundled-reports.loader';
import { createTestApi, type TestApi } from '../support/api';
import { COMPLETE_REPORTS, expectedCells } from '../support/fixtures';

/**
 * The bundled real reports, loaded through the importer as on first start, give every hand-checked
 * cell of their fixtures — except cells the importer reports as ambiguous instead of guessing (a few
 * table-2 rows of the separator-less 平潭 pages whose digit runs split several valid ways).
 */
interface Report {
  id: string;
  organ: string;
  year: number;
  scope: string;
  scopeEvidence: string | null;
  sourceUrl: string | null;
  jurisdiction: { code: string };
  observations: { indicator: { code: string }; value: number | null; status: string }[];
  missing: { part: string; indicators: string[]; reason: string }[];
}

let api: TestApi;
let reports: Report[];
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    await ensureBundledReports(dataSource);
  });
  const data = await api.execute<{ reports: { edges: { node: Report }[] } }>(
    '{ reports(first: 50) { edges { node { id organ year scope scopeEvidence sourceUrl jurisdiction { code } observations { indicator { code } value status } missing { part indicators reason } } } } }',
  );
  reports = data.reports.edges.map((e) => e.node);
});
afterAll(() => api.close());

const fixtureOf = (file: string) => file.replace(/\.src\.(txt|md|pdf)$/, '');

it('imports every bundled report once, and again changes nothing', async () => {
  expect(reports).toHaveLength(readManifest().length);
  expect(await ensureBundledReports(api.dataSource)).toEqual([]);
});

describe.each(readManifest().filter((e) => COMPLETE_REPORTS.includes(fixtureOf(e.file))))('bundled $file', (entry) => {
  it('has every expected cell, or names it as ambiguous', () => {
    const name = fixtureOf(entry.file);
    const report = reports.find((r) => r.sourceUrl === entry.sourceUrl && `${r.year}` === /\d{4}/.exec(name)?.[0]);
    expect(report).toBeDefined();
    const values = new Map(report!.observations.map((o) => [o.indicator.code, o]));
    const ambiguous = new Set(report!.missing.filter((m) => m.reason.startsWith('ambiguous')).flatMap((m) => m.indicators));
    const named = new Set(report!.missing.flatMap((m) => m.indicators));
    for (const [code, value] of expectedCells(name)) {
      if (ambiguous.has(code)) {
        expect(values.has(code)).toBe(false);
        continue;
      }
      // The fixture's null also stands for "not recoverable with certainty": absent and named is right.
      if (value === null && !values.has(code)) {
        expect([code, named.has(code)]).toEqual([code, true]);
        continue;
      }
      expect([code, values.get(code)?.value, values.get(code)?.status]).toEqual([code, value, value === null ? 'BLANK' : 'VALUE']);
    }
    expect(ambiguous.size).toBeLessThanOrEqual(name === 'pingtan-2019' ? 19 : 3);
    if (!name.startsWith('pingtan')) expect(ambiguous.size).toBe(0);
  });
});

it('files Shenzhen 2022 as the city\'s SUMMARY report (its text says so) with its fees and handled applications, and its tables missing', () => {
  const shenzhen = reports.find((r) => r.jurisdiction.code === '440300');
  expect(shenzhen).toMatchObject({ organ: '深圳市人民政府', year: 2022, scope: 'SUMMARY', scopeEvidence: '2022年全市各级行政机关共办理政府信息公开申请9141件' });
  expect(readManifest().find((e) => e.file === 'shenzhen-2022.txt')).not.toHaveProperty('scope');
  const values = Object.fromEntries(shenzhen!.observations.map((o) => [o.indicator.code, o.value]));
  expect(values).toMatchObject({
    'fees.info_processing.notices': 11,
    'fees.info_processing.amount_notified_yuan': 52650,
    'fees.info_processing.amount_collected_yuan': 1200,
    'outcome.total.total': 9141,
  });
  expect(shenzhen!.missing.map((m) => m.part)).toEqual(expect.arrayContaining(['table2', 'table3', 'table4']));
});

it('files 平潭\'s area-wide reports as SUMMARY with the sentence that decided', () => {
  const pingtan = reports.filter((r) => r.jurisdiction.code === '350128').sort((a, b) => a.year - b.year);
  expect(pingtan.map((r) => [r.year, r.scope, r.scopeEvidence])).toEqual([
    [2019, 'SUMMARY', '我区政府信息公开单位共公布政府信息2599条'],
    [2021, 'SUMMARY', '全年主动公开我区各级单位政府信息2645条'],
    [2022, 'SUMMARY', '汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成'],
    [2024, 'SUMMARY', '平潭综合实验区2024年度政府信息公开工作年度报告'],
  ]);
});

it('gives hongze-district-2023 (from its PDF) failing I4 as printed', async () => {
  const data = await api.execute<{ reports: { edges: { node: { consistency: { identity: string; scope: string; status: string }[] } }[] } }>(
    '{ reports(jurisdiction: "320813") { edges { node { consistency { identity scope status } } } } }',
  );
  const failing = data.reports.edges[0].node.consistency.filter((c) => c.status === 'FAIL');
  expect(failing).toEqual([
    { identity: 'I4', scope: 'review', status: 'FAIL' },
    { identity: 'I4', scope: 'litigation.after_review', status: 'FAIL' },
  ]);
});
