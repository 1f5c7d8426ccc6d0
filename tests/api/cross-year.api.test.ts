import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ReportImportService } from '../../src/ingestion/report-import.service';
import { createTestApi, type TestApi } from '../support/api';
import { FIXTURES } from '../support/fixtures';

/**
 * An organ's neighbouring years as evidence, with 平潭's real summaries: 2021 prints `行政规范性文件693665`
 * (several splits), 2022 prints 88 | 55 | 698 settled by its narrative. 现行有效件数 continues from year to
 * year (665 + 88 − 55 = 698), which keeps only the 2021 readings with 665 in force — whichever of the
 * two years is stored first. And I5 (上年结转 of 2022 = 结转下年度 of 2021) is checked on the report.
 */
const source = (year: number) => ({
  content: readFileSync(path.join(FIXTURES, 'complete', `pingtan-${year}.src.txt`)),
  fileName: `pingtan-${year}.src.txt`,
});

interface Report {
  id: string;
  year: number;
  observations: { indicator: { code: string }; value: number | null; sourceColumn: string | null }[];
  missing: { indicators: string[]; reason: string }[];
  consistency: { identity: string; scope: string; status: string; lhs: number | null; rhs: number | null; otherReportId: string | null }[];
}

const QUERY = `{ reports(jurisdiction: "350128") { edges { node {
  id year
  observations(indicators: ["proactive.normative_docs.issued", "proactive.normative_docs.repealed", "proactive.normative_docs.in_force"]) { indicator { code } value sourceColumn }
  missing { indicators reason }
  consistency { identity scope status lhs rhs otherReportId }
} } } }`;

const CELLS = `{ cells(jurisdictions: { codes: ["350128"] }, indicators: ["proactive.normative_docs.in_force"], years: { from: 2021, to: 2021 }, measure: REPORTED) { value status } }`;

async function importYears(api: TestApi, years: number[]) {
  const importer = ReportImportService.forDatabase(api.dataSource);
  const results = [];
  for (const year of years) results.push(await importer.importReport(source(year)));
  const data = await api.execute<{ reports: { edges: { node: Report }[] } }>(QUERY);
  return { results, byYear: new Map(data.reports.edges.map((e) => [e.node.year, e.node])) };
}

describe.each([
  { order: 'the year before first', years: [2021, 2022] },
  { order: 'the year after first', years: [2022, 2021] },
])('cross-year evidence, $order', ({ years }) => {
  let api: TestApi;
  let byYear: Map<number, Report>;
  let results: Awaited<ReturnType<typeof importYears>>['results'];
  beforeAll(async () => {
    api = await createTestApi();
    ({ results, byYear } = await importYears(api, years));
  });
  afterAll(() => api.close());

  it('settles the 2021 现行有效件数 and says so; 制发 and 废止 stay ambiguous', () => {
    const r2021 = byYear.get(2021)!;
    const inForce = r2021.observations.find((o) => o.indicator.code === 'proactive.normative_docs.in_force');
    expect(inForce).toMatchObject({ value: 665, sourceColumn: expect.stringContaining('split settled by the 2022 report') });
    expect(r2021.observations.map((o) => o.indicator.code)).not.toContain('proactive.normative_docs.issued');
    const open = r2021.missing.find((m) => m.indicators.includes('proactive.normative_docs.issued'));
    expect(open?.indicators).toEqual(['proactive.normative_docs.issued', 'proactive.normative_docs.repealed']);
    expect(open?.reason).toMatch(/after the neighbouring years/);
    // The import result says which report was settled by which.
    const settling = results.find((r) => r.settledAcrossYears.length > 0)!;
    expect(settling.settledAcrossYears).toEqual([
      { reportId: Number(r2021.id), year: 2021, by: [2022], indicators: ['proactive.normative_docs.in_force'] },
    ]);
    expect(settling.warnings.join(' ')).toMatch(/settled/);
  });

  it('answers the settled value where values are read (REPORTED)', async () => {
    expect((await api.execute<{ cells: { value: number; status: string }[] }>(CELLS)).cells).toEqual([{ value: 665, status: 'VALUE' }]);
  });

  it('checks I5 on the later report against the earlier one, naming it', () => {
    const [r2021, r2022] = [byYear.get(2021)!, byYear.get(2022)!];
    const i5 = r2022.consistency.filter((c) => c.identity === 'I5');
    expect(i5).toHaveLength(7);
    expect(i5.every((c) => c.otherReportId === r2021.id)).toBe(true);
    expect(i5.find((c) => c.scope === 'total')).toMatchObject({ status: 'PASS', lhs: 1, rhs: 1 });
    expect(r2021.consistency.filter((c) => c.identity === 'I5')).toEqual([]);
  });
});

describe('a settlement undone when the report that made it is superseded', () => {
  let api: TestApi;
  afterAll(() => api?.close());

  it('reopens the 2021 split when a corrected 2022 no longer continues it, and answers MISSING again', async () => {
    api = await createTestApi();
    const { byYear } = await importYears(api, [2021, 2022]);
    expect(byYear.get(2021)!.observations.find((o) => o.indicator.code === 'proactive.normative_docs.in_force')?.value).toBe(665);
    // A corrected 2022 (a new revision): 700 in force, so 665 + 88 − 55 no longer continues into it.
    const corrected = readFileSync(path.join(FIXTURES, 'complete', 'pingtan-2022.src.txt'), 'utf8')
      .replace('行政规范性文件8855698', '行政规范性文件8855700')
      .replace('现行有效行政规范性文件698件', '现行有效行政规范性文件700件');
    const result = await ReportImportService.forDatabase(api.dataSource).importReport({
      content: Buffer.from(corrected, 'utf8'),
      fileName: 'pingtan-2022-corrected.txt',
    });
    expect(result.outcome).toBe('NEW_REVISION');
    const data = await api.execute<{ reports: { edges: { node: Report }[] } }>(QUERY);
    const r2021 = data.reports.edges.map((e) => e.node).find((r) => r.year === 2021)!;
    expect(r2021.observations.map((o) => o.indicator.code)).not.toContain('proactive.normative_docs.in_force');
    expect(r2021.missing.find((m) => m.indicators.includes('proactive.normative_docs.in_force'))?.reason).toMatch(/ambiguous/);
    expect((await api.execute<{ cells: { value: number | null; status: string }[] }>(CELLS)).cells).toEqual([
      { value: null, status: 'MISSING' },
    ]);
  });
});
