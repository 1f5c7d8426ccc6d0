import { createTestApi, type TestApi } from '../support/api';
import { seededRng } from '../../src/synthetic/report-values';
import { storeReport, type ReportSpec } from '../support/factories';

/**
 * Roll-ups, coverage, reconciliation, derived ratios, year aggregation, year over year and rankings,
 * each compared with an independent computation over the generated reports (subtrees found by code
 * prefix here, by the stored hierarchy in the server).
 */
const BASE = [
  'applications.new.total',
  'outcome.disclosed.total',
  'outcome.partially_disclosed.total',
  'outcome.total.total',
  'applications.carried_forward.total',
];
const SHENZHEN_DISTRICTS = ['440303', '440304', '440305', '440306', '440307', '440308', '440309', '440310', '440311'];
const YEARS = [2021, 2022, 2023];

const reports: ReportSpec[] = [];
const random = seededRng(42);
const int = (max: number) => Math.floor(random() * max);

function generate() {
  for (const year of YEARS) {
    // Shenzhen's government and two departments; most districts, some with a department; 盐田 never reports.
    const organs: ReportSpec[] = [
      { jurisdiction: '440300', year, organ: '深圳市人民政府', values: {} },
      { jurisdiction: '440300', year, organ: '深圳市公安局', organKind: 'DEPARTMENT', values: {} },
      { jurisdiction: '440300', year, organ: '深圳市财政局', organKind: 'DEPARTMENT', values: {} },
    ];
    for (const code of SHENZHEN_DISTRICTS) {
      if (code === '440308') continue;
      if (code === '440311' && year === 2022) continue; // 光明 missing one year only
      organs.push({ jurisdiction: code, year, organ: `${code}区人民政府`, values: {} });
      if (int(2) === 0) organs.push({ jurisdiction: code, year, organ: `${code}区教育局`, organKind: 'DEPARTMENT', values: {} });
    }
    // Guangzhou: government only, every year (complete coverage of itself, not of its districts).
    organs.push({ jurisdiction: '440100', year, organ: '广州市人民政府', values: {} });
    for (const organ of organs) {
      for (const code of BASE) organ.values[code] = int(10) === 0 ? null : int(200);
    }
    reports.push(...organs);
    // Shenzhen's SUMMARY: the roll-up plus a small difference in one cell.
    const summary: ReportSpec = { jurisdiction: '440300', year, organ: '深圳市人民政府办公厅', scope: 'SUMMARY', values: {} };
    for (const code of BASE) summary.values[code] = sum(rollupParts('440300', year, code)) + (code === 'applications.new.total' ? 7 : 0);
    reports.push(summary);
  }
  // Ties and a zero denominator for rankings (2022, prefectures of Guangdong).
  reports.push({
    jurisdiction: '440200',
    year: 2022,
    organ: '韶关市人民政府',
    values: {
      'outcome.disclosed.total': 5,
      'outcome.partially_disclosed.total': 5,
      'outcome.total.total': 20,
      'applications.new.total': 3,
    },
  });
  reports.push({
    jurisdiction: '440400',
    year: 2022,
    organ: '珠海市人民政府',
    values: { 'outcome.disclosed.total': 1, 'outcome.partially_disclosed.total': 1, 'outcome.total.total': 4, 'applications.new.total': 3 },
  });
  reports.push({
    jurisdiction: '440500',
    year: 2022,
    organ: '汕头市人民政府',
    values: { 'outcome.disclosed.total': 0, 'outcome.partially_disclosed.total': 0, 'outcome.total.total': 0, 'applications.new.total': 0 },
  });
}

/** Independent roll-up: the OWN values of every report whose jurisdiction code lies in the subtree. */
function subtreePrefix(code: string) {
  return code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
}
function rollupParts(root: string, year: number, code: string): (number | null)[] {
  return reports
    .filter((r) => (r.scope ?? 'OWN') === 'OWN' && r.year === year && r.jurisdiction.startsWith(subtreePrefix(root)) && code in r.values)
    .map((r) => r.values[code]);
}
function sum(values: (number | null)[]): number {
  return values.reduce<number>((a, v) => a + (v ?? 0), 0);
}
function expectedRollup(root: string, year: number, code: string): { value: number | null; status: string } {
  const parts = rollupParts(root, year, code);
  if (parts.length === 0) return { value: null, status: 'MISSING' };
  if (parts.every((p) => p === null)) return { value: null, status: 'BLANK' };
  return { value: sum(parts), status: 'VALUE' };
}

let api: TestApi;
beforeAll(async () => {
  generate();
  // The statement-counting test below asks for every prefecture's roll-up sources: priced honestly
  // (every organ's report of every subtree) that is far over OGI_MAX_COST, so the limit is lifted here.
  api = await createTestApi(
    undefined,
    async (dataSource) => {
      for (const spec of reports) await storeReport(dataSource, spec);
    },
    { maxCost: 1_000_000_000 },
  );
});
afterAll(() => api.close());

interface CellResult {
  jurisdiction: { code: string };
  indicator: { code: string };
  year: number | null;
  value: number | null;
  status: string;
  reason: string | null;
  coverage: { expected: number; reported: number; complete: boolean; missing: { code: string }[] } | null;
  reconciliation: { reported: number; rollup: number; difference: number } | null;
  yoy: { previous: number | null; absolute: number | null; percent: number | null; reason: string | null } | null;
  sources: { id: string; organ: string }[];
}

const CELLS = `query($j: JurisdictionSelector!, $i: [ID!]!, $from: Int!, $to: Int!, $m: Measure, $agg: Boolean) {
  cells(jurisdictions: $j, indicators: $i, years: { from: $from, to: $to }, measure: $m, aggregateYears: $agg) {
    jurisdiction { code } indicator { code } year value status reason
    coverage { expected reported complete missing { code } }
    reconciliation { reported rollup difference }
    yoy { previous absolute percent reason }
    sources { id organ }
  }
}`;

async function cells(vars: Record<string, unknown>): Promise<CellResult[]> {
  return (await api.execute<{ cells: CellResult[] }>(CELLS, vars)).cells;
}

describe('cells: ROLLUP', () => {
  it('sums every OWN report of the subtree, for every indicator and year', async () => {
    const result = await cells({ j: { codes: ['440300', '440000', '440304'] }, i: BASE, from: 2021, to: 2023, m: 'ROLLUP' });
    expect(result).toHaveLength(3 * BASE.length * 3);
    for (const cell of result) {
      expect({ at: [cell.jurisdiction.code, cell.indicator.code, cell.year], value: cell.value, status: cell.status }).toEqual({
        at: [cell.jurisdiction.code, cell.indicator.code, cell.year],
        ...expectedRollup(cell.jurisdiction.code, cell.year as number, cell.indicator.code),
      });
    }
  });

  it('says which parts of the subtree are missing, and marks the roll-up partial', async () => {
    const [y2022] = await cells({ j: { codes: ['440300'] }, i: ['applications.new.total'], from: 2022, to: 2022, m: 'ROLLUP' });
    expect(y2022.coverage).toEqual({ expected: 10, reported: 8, complete: false, missing: [{ code: '440308' }, { code: '440311' }] });
    const [futian] = await cells({ j: { codes: ['440304'] }, i: ['applications.new.total'], from: 2022, to: 2022, m: 'ROLLUP' });
    expect(futian.coverage).toEqual({ expected: 1, reported: 1, complete: true, missing: [] });
  });

  it('lists every contributing report as the sources of a roll-up', async () => {
    const [cell] = await cells({ j: { codes: ['440300'] }, i: ['outcome.total.total'], from: 2023, to: 2023, m: 'ROLLUP' });
    const expectedOrgans = reports
      .filter((r) => (r.scope ?? 'OWN') === 'OWN' && r.year === 2023 && r.jurisdiction.startsWith('4403'))
      .map((r) => r.organ);
    expect(cell.sources.map((s) => s.organ).sort()).toEqual([...expectedOrgans].sort());
  });

  it('reconciles the SUMMARY report against the roll-up', async () => {
    const result = await cells({
      j: { codes: ['440300'] },
      i: ['applications.new.total', 'outcome.total.total'],
      from: 2022,
      to: 2022,
      m: 'ROLLUP',
    });
    const [apps, total] = result;
    const rollup = expectedRollup('440300', 2022, 'applications.new.total').value as number;
    expect(apps.reconciliation).toEqual({ reported: rollup + 7, rollup, difference: 7 });
    expect(total.reconciliation?.difference).toBe(0);
    const [guangzhou] = await cells({ j: { codes: ['440100'] }, i: ['applications.new.total'], from: 2022, to: 2022, m: 'ROLLUP' });
    expect(guangzhou.reconciliation).toBeNull();
  });

  it('recomputes derived ratios from the rolled-up parts (ratio of sums)', async () => {
    const [cell] = await cells({ j: { codes: ['440300'] }, i: ['derived.disclosure_rate'], from: 2022, to: 2022, m: 'ROLLUP' });
    const num =
      (expectedRollup('440300', 2022, 'outcome.disclosed.total').value ?? 0) +
      (expectedRollup('440300', 2022, 'outcome.partially_disclosed.total').value ?? 0);
    const den = expectedRollup('440300', 2022, 'outcome.total.total').value as number;
    expect(cell.value).toBeCloseTo(num / den, 12);
    expect(cell.sources.length).toBeGreaterThan(3);
  });
});

describe('cells: OWN and REPORTED', () => {
  it("reads the government's own report, never a department's, and MISSING where there is none", async () => {
    const result = await cells({ j: { childrenOf: '440300' }, i: ['applications.new.total'], from: 2022, to: 2022 });
    expect(result).toHaveLength(9);
    for (const cell of result) {
      const own = reports.find(
        (r) =>
          r.jurisdiction === cell.jurisdiction.code &&
          r.year === 2022 &&
          (r.organKind ?? 'GOVERNMENT') === 'GOVERNMENT' &&
          (r.scope ?? 'OWN') === 'OWN',
      );
      const value = own ? own.values['applications.new.total'] : undefined;
      expect([cell.jurisdiction.code, cell.value, cell.status]).toEqual([
        cell.jurisdiction.code,
        value ?? null,
        own ? (value === null ? 'BLANK' : 'VALUE') : 'MISSING',
      ]);
      if (own) expect(cell.sources.map((s) => s.organ)).toEqual([own.organ]);
    }
  });

  it('REPORTED is the SUMMARY report', async () => {
    const [cell] = await cells({ j: { codes: ['440300'] }, i: ['outcome.total.total'], from: 2021, to: 2021, m: 'REPORTED' });
    const summary = reports.find((r) => r.scope === 'SUMMARY' && r.year === 2021);
    expect(cell.value).toBe(summary?.values['outcome.total.total']);
    expect(cell.coverage).toBeNull();
  });

  it('gives the year-over-year change, null-safe with reasons', async () => {
    const result = await cells({
      j: { codes: ['440303', '440311'] },
      i: ['outcome.total.total', 'proactive.regulations.in_force'],
      from: 2023,
      to: 2023,
    });
    const luohu = result.find((c) => c.jurisdiction.code === '440303' && c.indicator.code === 'outcome.total.total');
    const own = (year: number) =>
      reports.find((r) => r.jurisdiction === '440303' && r.year === year && r.organ === '440303区人民政府')?.values['outcome.total.total'];
    const [a, b] = [own(2023), own(2022)];
    // The seeded data gives 罗湖 printed, non-zero totals in both years: the change is a number.
    expect([typeof a, typeof b, b === 0]).toEqual(['number', 'number', false]);
    expect(luohu?.yoy).toEqual({
      previous: b,
      absolute: (a as number) - (b as number),
      percent: (((a as number) - (b as number)) / (b as number)) * 100,
      reason: null,
    });
    const guangming = result.find((c) => c.jurisdiction.code === '440311' && c.indicator.code === 'outcome.total.total');
    expect(guangming?.yoy).toMatchObject({ absolute: null, reason: 'no report for 2022' });
  });
});

describe('year aggregation', () => {
  it('sums flows and takes the last year of year-end stocks over the range', async () => {
    const result = await cells({
      j: { codes: ['440300'] },
      i: ['applications.new.total', 'applications.carried_forward.total', 'derived.disclosure_rate'],
      from: 2021,
      to: 2023,
      m: 'ROLLUP',
      agg: true,
    });
    const [flow, stock, rate] = result;
    expect(flow.year).toBeNull();
    expect(flow.value).toBe(sum(YEARS.map((y) => expectedRollup('440300', y, 'applications.new.total').value)));
    expect(stock.value).toBe(expectedRollup('440300', 2023, 'applications.carried_forward.total').value);
    const part = (code: string) => sum(YEARS.map((y) => expectedRollup('440300', y, code).value));
    expect(rate.value).toBeCloseTo(
      (part('outcome.disclosed.total') + part('outcome.partially_disclosed.total')) / part('outcome.total.total'),
      12,
    );
    expect(flow.coverage?.missing.map((m) => m.code)).toEqual(['440308', '440311']);
  });
});

describe('ranking', () => {
  it('ranks by a derived ratio with shared ranks for ties, and lists the unranked with reasons', async () => {
    const data = await api.execute<{
      ranking: {
        rankedCount: number;
        entries: { rank: number; percentile: number; value: number; cell: { jurisdiction: { code: string } } }[];
        unranked: { status: string; reason: string; cell: { jurisdiction: { code: string } } }[];
      };
    }>(`{ ranking(indicator: "derived.disclosure_rate", year: 2022, among: { childrenOf: "440000" }, measure: OWN, first: 20) {
      rankedCount entries { rank percentile value cell { jurisdiction { code } } } unranked { status reason cell { jurisdiction { code } } }
    } }`);
    const { ranking } = data;
    // 韶关 10/20 = 0.5 and 珠海 2/4 = 0.5 tie; 深圳 and 广州 have their own values.
    const rates = new Map<string, number>();
    for (const r of reports.filter(
      (r) =>
        r.year === 2022 &&
        (r.scope ?? 'OWN') === 'OWN' &&
        (r.organKind ?? 'GOVERNMENT') === 'GOVERNMENT' &&
        /^44\d\d00$/.test(r.jurisdiction),
    )) {
      const v = r.values;
      const den = v['outcome.total.total'];
      if (den) rates.set(r.jurisdiction, ((v['outcome.disclosed.total'] ?? 0) + (v['outcome.partially_disclosed.total'] ?? 0)) / den);
    }
    const sorted = [...rates.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranking.rankedCount).toBe(sorted.length);
    expect(ranking.entries.map((e) => e.value)).toEqual(sorted.map(([, v]) => v));
    const tied = ranking.entries.filter((e) => ['440200', '440400'].includes(e.cell.jurisdiction.code));
    expect(tied).toHaveLength(2);
    expect(tied[0].rank).toBe(tied[1].rank);
    expect(tied[0].value).toBe(0.5);
    // Competition ranking computed independently: 1 + the number of strictly better values.
    expect(ranking.entries.map((e) => e.rank)).toEqual(sorted.map(([, v]) => 1 + sorted.filter(([, w]) => w > v).length));
    const shantou = ranking.unranked.find((u) => u.cell.jurisdiction.code === '440500');
    expect(shantou).toEqual({ status: 'NOT_APPLICABLE', reason: 'zero denominator', cell: { jurisdiction: { code: '440500' } } });
    const dongguan = ranking.unranked.find((u) => u.cell.jurisdiction.code === '441900');
    expect(dongguan).toEqual({
      status: 'MISSING',
      reason: '东莞市 has no OWN report of its government on 2022',
      cell: { jurisdiction: { code: '441900' } },
    });
  });
});

it('returns only the first N ranked entries', async () => {
  const data = await api.execute<{ ranking: { rankedCount: number; entries: unknown[] } }>(
    '{ ranking(indicator: "applications.new.total", year: 2022, among: { childrenOf: "440000" }, measure: ROLLUP, first: 2) { rankedCount entries { rank } } }',
  );
  expect(data.ranking.entries).toHaveLength(2);
  expect(data.ranking.rankedCount).toBeGreaterThan(2);
});

describe('matrix and series', () => {
  it('returns the cells as axis lists and flat arrays in the documented order', async () => {
    const vars = {
      j: { codes: ['440300', '440303'] },
      i: ['applications.new.total', 'outcome.total.total'],
      from: 2021,
      to: 2023,
      m: 'ROLLUP',
    };
    const data = await api.execute<{
      matrix: {
        jurisdictions: { code: string }[];
        indicators: { code: string }[];
        years: number[];
        values: (number | null)[];
        statuses: string[];
      };
    }>(
      `query($j: JurisdictionSelector!, $i: [ID!]!, $from: Int!, $to: Int!, $m: Measure) {
        matrix(jurisdictions: $j, indicators: $i, years: { from: $from, to: $to }, measure: $m) { jurisdictions { code } indicators { code } years values statuses }
      }`,
      vars,
    );
    const { matrix } = data;
    expect(matrix.years).toEqual(YEARS);
    matrix.jurisdictions.forEach((j, ji) =>
      matrix.indicators.forEach((ind, ii) =>
        matrix.years.forEach((y, yi) => {
          const index = (ji * matrix.indicators.length + ii) * matrix.years.length + yi;
          const expected = expectedRollup(j.code, y, ind.code);
          expect([j.code, ind.code, y, matrix.values[index], matrix.statuses[index]]).toEqual([
            j.code,
            ind.code,
            y,
            expected.value,
            expected.status,
          ]);
        }),
      ),
    );
  });

  it('gives series per jurisdiction on the same engine', async () => {
    const data = await api.execute<{
      jurisdiction: {
        children: { code: string; series: { indicator: { code: string }; cells: { year: number; value: number | null }[] }[] }[];
      };
    }>(
      '{ jurisdiction(code: "440300") { children { code series(indicators: ["outcome.total.total"], years: { from: 2021, to: 2023 }, measure: ROLLUP) { indicator { code } cells { year value } } } } }',
    );
    for (const child of data.jurisdiction.children) {
      expect(child.series[0].cells.map((c) => c.value)).toEqual(
        YEARS.map((y) => expectedRollup(child.code, y, 'outcome.total.total').value),
      );
    }
  });
});

describe('bad input and size', () => {
  it.each([
    ['an unknown indicator', { j: { codes: ['440300'] }, i: ['nope.nothing'], from: 2022, to: 2022 }, 'BAD_USER_INPUT'],
    ['a reversed range', { j: { codes: ['440300'] }, i: ['applications.new.total'], from: 2023, to: 2021 }, 'BAD_USER_INPUT'],
    ['an empty selector', { j: {}, i: ['applications.new.total'], from: 2022, to: 2022 }, 'BAD_USER_INPUT'],
    ['an unknown jurisdiction', { j: { codes: ['999999'] }, i: ['applications.new.total'], from: 2022, to: 2022 }, 'BAD_USER_INPUT'],
    ['too many cells', { j: { level: 'COUNTY' }, i: BASE, from: 2010, to: 2024 }, 'QUERY_TOO_LARGE'],
  ])('%s is refused with %s', async (_name, vars, code) => {
    const errors = await api.errorsOf(CELLS, vars);
    expect(errors[0].code).toBe(code);
  });

  it('states the size, the limit and how to split', async () => {
    const [error] = await api.errorsOf(CELLS, { j: { level: 'COUNTY' }, i: BASE, from: 2010, to: 2024 });
    expect(error.message).toMatch(/asks for [\d,]+ cells \(\d+ jurisdictions × 5 indicators × 15 years\); the limit is 200,000\. Split it/);
  });
});

describe('batching', () => {
  const WIDE = `query($j: JurisdictionSelector!) {
    cells(jurisdictions: $j, indicators: ["applications.new.total", "derived.disclosure_rate"], years: { from: 2021, to: 2023 }, measure: ROLLUP) {
      jurisdiction { code name parent { code } } indicator { code unit } value status
      coverage { expected missing { code name } } reconciliation { difference } yoy { absolute } sources { id organ jurisdiction { code } }
    }
    matrix(jurisdictions: $j, indicators: ["applications.new.total"], years: { from: 2021, to: 2023 }, measure: ROLLUP) { values }
    ranking(indicator: "derived.disclosure_rate", year: 2022, among: $j) { entries { rank cell { jurisdiction { code } sources { id } } } unranked { reason } }
    jurisdictions(codes: ["440300", "440100"], first: 10) { edges { node { series(indicators: ["outcome.total.total"], years: { from: 2021, to: 2023 }, measure: ROLLUP) { cells { value coverage { reported } } } } } }
  }`;

  // DataLoader batches what is asked in one tick; whether two fields reach a loader in the same tick
  // depends on I/O timing, so a run may differ from another by a statement or two. What must not
  // happen is growth with the number of jurisdictions: 2 prefectures vs ~330, each run three times.
  // The two take every path the many take: 深圳 with values, 东莞 without (its unranked reason reads the reports).
  it('sends no more SQL statements for all prefectures than for two', async () => {
    const count = async (j: Record<string, unknown>) => {
      const counts: number[] = [];
      for (let run = 0; run < 3; run++) {
        api.statements.length = 0;
        await api.execute(WIDE, { j });
        counts.push(api.statements.length);
      }
      return counts;
    };
    const one = await count({ codes: ['440300', '441900'] });
    const all = await count({ level: 'PREFECTURE' });
    expect(Math.min(...all)).toBeLessThanOrEqual(Math.max(...one));
    expect(Math.max(...all)).toBeLessThanOrEqual(Math.max(...one) + 2);
    expect(Math.max(...all)).toBeLessThan(30);
  });
});

describe('ranking over materialised roll-ups (provinces and prefectures: counted and ordered in SQL)', () => {
  type Entry = { rank: number; percentile: number; value: number; cell: { jurisdiction: { code: string } } };
  type Unranked = { status: string; reason: string; cell: { jurisdiction: { code: string } } };
  const cases = [
    { indicator: 'derived.disclosure_rate', among: '{ childrenOf: "440000" }', order: 'DESC', first: 20 },
    { indicator: 'derived.disclosure_rate', among: '{ childrenOf: "440000" }', order: 'ASC', first: 2 },
    { indicator: 'applications.new.total', among: '{ level: PREFECTURE }', order: 'DESC', first: 5 },
    { indicator: 'outcome.total.total', among: '{ codes: ["440000", "440300", "440500", "441900"] }', order: 'ASC', first: 10 },
  ];

  it.each(cases)(
    '$indicator among $among, $order, first $first: what the cells of the same roll-ups give',
    async ({ indicator, among, order, first }) => {
      const { ranking } = await api.execute<{ ranking: { rankedCount: number; entries: Entry[]; unranked: Unranked[] } }>(
        `{ ranking(indicator: "${indicator}", year: 2022, among: ${among}, measure: ROLLUP, order: ${order}, first: ${first}) {
        rankedCount entries { rank percentile value cell { jurisdiction { code } } } unranked { status reason cell { jurisdiction { code } } } } }`,
      );
      const { cells } = await api.execute<{
        cells: { jurisdiction: { code: string }; value: number | null; status: string; reason: string | null }[];
      }>(
        `{ cells(jurisdictions: ${among}, indicators: ["${indicator}"], years: { from: 2022, to: 2022 }, measure: ROLLUP) { jurisdiction { code } value status reason } }`,
      );
      // Independently: numbers ordered by value then code, competition ranks, percentiles over all ranked.
      const numbers = cells
        .filter((c) => c.status === 'VALUE' && c.value !== null)
        .map((c) => ({ code: c.jurisdiction.code, value: c.value as number }));
      numbers.sort((a, b) => (order === 'DESC' ? b.value - a.value : a.value - b.value) || (a.code < b.code ? -1 : 1));
      const better = (v: number) => numbers.filter((n) => (order === 'DESC' ? n.value > v : n.value < v)).length;
      expect(ranking.rankedCount).toBe(numbers.length);
      expect(ranking.entries).toEqual(
        numbers.slice(0, first).map((n) => ({
          rank: 1 + better(n.value),
          percentile: ((numbers.length - better(n.value)) / numbers.length) * 100,
          value: n.value,
          cell: { jurisdiction: { code: n.code } },
        })),
      );
      const without = cells.filter((c) => !(c.status === 'VALUE' && c.value !== null));
      expect(ranking.unranked.map((u) => [u.cell.jurisdiction.code, u.status])).toEqual(
        without.map((c) => [c.jurisdiction.code, c.status]),
      );
      expect(numbers.length).toBeGreaterThan(0);
    },
  );

  it('ties share a rank (韶关 and 珠海, 0.5 each) and the entries carry lazily computed cell fields', async () => {
    const { ranking } = await api.execute<{
      ranking: { entries: { rank: number; value: number; cell: { jurisdiction: { code: string }; coverage: { complete: boolean } } }[] };
    }>(
      '{ ranking(indicator: "derived.disclosure_rate", year: 2022, among: { childrenOf: "440000" }, measure: ROLLUP, first: 50) { entries { rank value cell { jurisdiction { code } coverage { complete } } } } }',
    );
    const tied = ranking.entries.filter((e) => e.value === 0.5);
    expect(tied.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tied.map((e) => e.rank)).size).toBe(1);
    expect(ranking.entries.every((e) => typeof e.cell.coverage.complete === 'boolean')).toBe(true);
  });
});
