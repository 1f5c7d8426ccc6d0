import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_QUERIES } from '../../src/ide/example-queries';
import { ensureBundledReports } from '../../src/ingestion/bundled-reports.loader';
import { PROJECT_ROOT } from '../../src/paths';
import { createTestApi, type TestApi } from '../support/api';

/**
 * Every example query offered in the IDE and every GraphQL example of the README runs without errors
 * on the bundled data, as a fresh start holds it, and answers with values: wherever it asks for cells,
 * a matrix or a ranking, some of them are numbers, and every cell without one says why.
 */
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    await ensureBundledReports(dataSource);
  });
}, 180_000);
afterAll(() => api.close());

/** The README's ```graphql blocks; variables for those that declare some. */
const README_EXAMPLES = [...readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map(
  (m) => m[1],
);
const README_VARIABLES: Record<string, Record<string, unknown>> = {
  PingtanReconciliation: { indicators: ['applications.new.total', 'outcome.total.total', 'outcome.disclosed.total'] },
  // The dashboard's queries (see Dashboard), with the variables the page sends for 平潭 and 福州.
  DashboardSeries: {
    codes: ['350128'],
    indicators: ['applications.new.total', 'derived.disclosure_rate'],
    years: { from: 2019, to: 2024 },
  },
  DashboardRanking: { indicator: 'applications.new.total', year: 2023, among: { organsOf: '350128' }, measure: 'OWN' },
  DashboardCoverage: { code: '350100', indicator: 'applications.new.total', years: { from: 2019, to: 2024 } },
};

interface Found {
  cells: { value: unknown; status: unknown; reason: unknown }[];
  matrices: { values: unknown[]; statuses: unknown[]; reasons?: unknown[] }[];
  rankings: { rankedCount: unknown }[];
}

/** Every cell, matrix and ranking in an answer, wherever it is nested. */
function collect(node: unknown, found: Found = { cells: [], matrices: [], rankings: [] }, key = ''): Found {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, found, key);
    return found;
  }
  if (!node || typeof node !== 'object') return found;
  const o = node as Record<string, unknown>;
  if ('status' in o && 'value' in o && key !== 'quality') found.cells.push({ value: o.value, status: o.status, reason: o.reason });
  if (Array.isArray(o.values) && Array.isArray(o.statuses)) found.matrices.push(o as unknown as Found['matrices'][number]);
  if ('rankedCount' in o) found.rankings.push(o as unknown as Found['rankings'][number]);
  for (const [k, v] of Object.entries(o)) collect(v, found, k);
  return found;
}

function expectValues(data: Record<string, unknown>) {
  expect(Object.keys(data).length).toBeGreaterThan(0);
  const { cells, matrices, rankings } = collect(data);
  if (cells.length > 0) {
    expect(cells.some((c) => typeof c.value === 'number')).toBe(true);
    for (const cell of cells.filter((c) => c.status !== 'VALUE' && c.reason !== undefined)) expect(cell.reason).toEqual(expect.any(String));
  }
  for (const matrix of matrices) {
    expect(matrix.values.some((v) => typeof v === 'number')).toBe(true);
    if (matrix.reasons)
      matrix.statuses.forEach((status, i) => status !== 'VALUE' && expect(matrix.reasons?.[i]).toEqual(expect.any(String)));
  }
  for (const ranking of rankings) expect(ranking.rankedCount).toBeGreaterThan(0);
}

it.each(EXAMPLE_QUERIES.map((e) => [e.title, e]))('the IDE example "%s" answers with values', async (_title, example) => {
  expectValues(await api.execute(example.query, example.variables));
});

it('the README has its examples', () => {
  expect(README_EXAMPLES.length).toBeGreaterThanOrEqual(7);
});

it.each(README_EXAMPLES.map((query, i) => [i + 1, query]))('README example %i answers with values', async (_i, query) => {
  const name = /query\s+(\w+)/.exec(query)?.[1];
  expectValues(await api.execute(query, name ? README_VARIABLES[name] : undefined));
});

it("answers 平潭's organs with real values: a ranking of 2023, the organ that did not report, the renamed organ's names", async () => {
  const example = EXAMPLE_QUERIES.find((e) => e.title === "平潭's organs")!;
  const data = await api.execute<{
    ranking: {
      rankedCount: number;
      entries: { value: number; cell: { organ: { name: string } } }[];
      unranked: { cell: { organ: { name: string } } }[];
    };
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

it("answers BEST for 福建, 福州 and 平潭 every year 2019–2024: the summary where 平潭 published one, its organs' reports otherwise, with the composition stated", async () => {
  type Cell = {
    jurisdiction: { code: string };
    year: number;
    value: number | null;
    status: string;
    composition: { description: string; fromSummaries: { code: string }[]; fromOwnReports: { code: string }[]; ownReports: number };
  };
  const query = `query($m: Measure) { cells(jurisdictions: { codes: ["350000", "350100", "350128"] }, indicators: ["applications.new.total", "derived.disclosure_rate"], years: { from: 2019, to: 2024 }, measure: $m) {
    jurisdiction { code } indicator { code } year value status composition { description fromSummaries { code } fromOwnReports { code } ownReports } } }`;
  const [best, reported, rollup] = await Promise.all(
    ['BEST', 'REPORTED', 'ROLLUP'].map((m) => api.execute<{ cells: Cell[] }>(query, { m })),
  );
  const summaryYears = [2019, 2021, 2022, 2024];
  best.cells.forEach((cell, i) => {
    const pingtanReported = reported.cells.find(
      (c) =>
        c.jurisdiction.code === '350128' &&
        c.year === cell.year &&
        (c as unknown as { indicator: { code: string } }).indicator.code ===
          (cell as unknown as { indicator: { code: string } }).indicator.code,
    )!;
    expect(cell.status).toBe('VALUE');
    if (summaryYears.includes(cell.year)) {
      // 平潭's SUMMARY answers for it and for everything above it (nothing else is bundled in 福建).
      expect(cell.value).toBe(pingtanReported.value);
      expect(cell.composition.fromSummaries.map((j) => j.code)).toEqual(['350128']);
      expect(cell.composition.ownReports).toBe(0);
      expect(cell.composition.description).toBe(`${cell.year}: the SUMMARY report of 平潭县 (350128)`);
    } else {
      expect(pingtanReported.status).toBe('MISSING');
      expect(cell.value).toBe(rollup.cells[i].value);
      expect(cell.composition.fromSummaries).toEqual([]);
      expect(cell.composition.fromOwnReports.map((j) => j.code)).toEqual(['350128']);
      expect(cell.composition.description).toMatch(new RegExp(`^${cell.year}: the OWN reports of 1[67] organs of 平潭县 \\(350128\\)$`));
    }
  });
  const applications = best.cells
    .filter(
      (c) =>
        c.jurisdiction.code === '350000' && (c as unknown as { indicator: { code: string } }).indicator.code === 'applications.new.total',
    )
    .map((c) => c.value);
  expect(applications).toEqual([23, 21, 70, 74, 69, 218]);
});
