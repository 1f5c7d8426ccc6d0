import { createTestApi, type TestApi } from '../support/api';
import { COMPLETE_REPORTS, expectedCells, expectedIdentitySummary, storeExpectedReport } from '../support/fixtures';

interface ReportNode {
  id: string;
  organ: string;
  year: number;
  formatVersion: string;
  revision: number;
  supersededBy: { id: string } | null;
  jurisdiction: { code: string };
  consistency: { identity: string; scope: string; status: string; holds: boolean | null; lhs: number | null; rhs: number | null }[];
  observations: { indicator: { code: string; unit: string }; value: number | null; status: string }[];
}

const REPORT_FIELDS = `id organ year formatVersion revision supersededBy { id } jurisdiction { code }
  consistency { identity scope status holds lhs rhs }
  observations { indicator { code unit } value status }`;

let api: TestApi;
const ids = new Map<string, number>();

beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    for (const name of COMPLETE_REPORTS) ids.set(name, (await storeExpectedReport(dataSource, name)).report.id);
  });
});
afterAll(() => api.close());

describe.each(COMPLETE_REPORTS)('complete report %s', (name) => {
  let report: ReportNode;
  beforeAll(async () => {
    report = (
      await api.execute<{ report: ReportNode }>(`query($id: ID!) { report(id: $id) { ${REPORT_FIELDS} } }`, { id: String(ids.get(name)) })
    ).report;
  });

  it('returns every cell of its hand-checked values, blanks as BLANK and never as 0', () => {
    const got = new Map(report.observations.map((o) => [o.indicator.code, o]));
    for (const [code, value] of expectedCells(name)) {
      expect({ code, value: got.get(code)?.value, status: got.get(code)?.status }).toEqual({
        code,
        value,
        status: value === null ? 'BLANK' : 'VALUE',
      });
    }
    expect(report.observations).toHaveLength(expectedCells(name).size);
  });

  it('reports its consistency checks as the source has them', () => {
    const summary = expectedIdentitySummary(name);
    for (const [identity, holds] of Object.entries(summary ?? {})) {
      const checks = report.consistency.filter((c) => c.identity === identity);
      expect(checks.length).toBeGreaterThan(0);
      expect({ identity, holds: checks.every((c) => c.status !== 'FAIL') }).toEqual({ identity, holds });
    }
    for (const check of report.consistency) {
      if (check.status === 'NOT_CHECKABLE') expect(check.holds).toBeNull();
      else expect(check.holds).toBe(check.lhs === check.rhs);
    }
  });
});

describe('reports', () => {
  it('flags hongze-district-2023 failing I4 with the printed numbers', async () => {
    const data = await api.execute<{ reports: { edges: { node: ReportNode }[] } }>(
      `{ reports(jurisdiction: "320813") { edges { node { ${REPORT_FIELDS} } } } }`,
    );
    const i4 = data.reports.edges[0].node.consistency.filter((c) => c.identity === 'I4');
    expect(i4).toEqual([
      { identity: 'I4', scope: 'review', status: 'FAIL', holds: false, lhs: 0, rhs: 11 },
      { identity: 'I4', scope: 'litigation.direct', status: 'PASS', holds: true, lhs: 0, rhs: 0 },
      { identity: 'I4', scope: 'litigation.after_review', status: 'FAIL', holds: false, lhs: 0, rhs: 5 },
    ]);
  });

  it("lists a jurisdiction's reports by year", async () => {
    const data = await api.execute<{ jurisdiction: { all: { year: number }[]; y2022: { year: number; organ: string }[] } }>(
      '{ jurisdiction(code: "350128") { all: reports { year } y2022: reports(year: 2022) { year organ } } }',
    );
    expect(data.jurisdiction.all.map((r) => r.year)).toEqual([2024, 2022, 2021, 2019]);
    expect(data.jurisdiction.y2022).toEqual([{ year: 2022, organ: '平潭综合实验区管委会' }]);
  });

  it('keeps a superseded revision queryable and points it at its successor', async () => {
    const second = await storeExpectedReport(api.dataSource, 'pingtan-2021', { contentHash: 'expected:pingtan-2021:corrected' });
    expect(second.outcome).toBe('NEW_REVISION');
    const data = await api.execute<{
      old: ReportNode;
      current: { edges: { node: { id: string; revision: number } }[] };
      history: { totalCount: number };
    }>(
      `query($old: ID!) {
        old: report(id: $old) { ${REPORT_FIELDS} }
        current: reports(jurisdiction: "350128", year: 2021) { edges { node { id revision } } }
        history: reports(jurisdiction: "350128", year: 2021, includeSuperseded: true) { totalCount }
      }`,
      { old: String(ids.get('pingtan-2021')) },
    );
    expect(data.old.supersededBy).toEqual({ id: String(second.report.id) });
    expect(data.current.edges.map((e) => e.node)).toEqual([{ id: String(second.report.id), revision: 2 }]);
    expect(data.history.totalCount).toBe(2);
    const again = await storeExpectedReport(api.dataSource, 'pingtan-2021', { contentHash: 'expected:pingtan-2021:corrected' });
    expect(again.outcome).toBe('UNCHANGED');
  });

  it('answers bad ids and years with BAD_USER_INPUT and unknown ids with null', async () => {
    expect(await api.execute('{ report(id: "999999") { id } }')).toEqual({ report: null });
    expect((await api.errorsOf('{ report(id: "abc") { id } }'))[0].code).toBe('BAD_USER_INPUT');
    expect((await api.errorsOf('{ reports(year: 99) { totalCount } }'))[0]).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('four-digit year'),
    });
    expect((await api.errorsOf('{ jurisdiction(code: "440300") { reports(year: 30000) { id } } }'))[0].code).toBe('BAD_USER_INPUT');
  });
});

describe('indicators', () => {
  it('returns the whole catalog with labels, units and rules', async () => {
    const data = await api.execute<{ indicators: { code: string; labelZh: string; formatVersions: string[]; formula: string | null }[] }>(
      '{ indicators { code labelZh labelEn unit table kind spaceAggregation timeAggregation formatVersions formula } }',
    );
    expect(data.indicators).toHaveLength(259);
    expect(data.indicators[0].code).toBe('proactive.regulations.new_made');
    const rate = data.indicators.find((i) => i.code === 'derived.disclosure_rate');
    expect(rate?.formula).toBe('(outcome.disclosed.total + outcome.partially_disclosed.total) / outcome.total.total');
    expect(data.indicators.find((i) => i.code === 'applications.new.natural_person')?.labelZh).toBe(
      '一、本年新收政府信息公开申请数量（自然人）',
    );
  });

  it('filters by search text, table and format version', async () => {
    const data = await api.execute<{
      a: { code: string }[];
      b: { code: string }[];
      c: { code: string }[];
      one: { code: string } | null;
      none: null;
    }>(`{
      a: indicators(search: "过程性") { code }
      b: indicators(table: "4") { code }
      c: indicators(formatVersion: FORMAT_2019, table: "2") { code }
      one: indicator(code: "review.total") { code }
      none: indicator(code: "review.nothing") { code }
    }`);
    expect(data.a.map((i) => i.code)).toContain('outcome.withheld.process_info.total');
    expect(data.b).toHaveLength(15);
    expect(data.c.map((i) => i.code)).toContain('proactive.central_procurement.amount');
    expect(data.c.map((i) => i.code)).not.toContain('proactive.regulations.in_force');
    expect(data.one).toEqual({ code: 'review.total' });
    expect(data.none).toBeNull();
    expect((await api.errorsOf('{ indicator(code: "DROP TABLE") { code } }'))[0].code).toBe('BAD_USER_INPUT');
  });
});
