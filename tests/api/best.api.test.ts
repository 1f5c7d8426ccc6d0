import type { MissingPart } from '../../src/reports/report-terms';
import { RollupBest1765000000000 } from '../../migrations/1765000000000-rollup-best';
import { RollupMaterialiser } from '../../src/rollups/rollup.materialiser';
import { seededRng } from '../../src/synthetic/report-values';
import { createTestApi, type TestApi } from '../support/api';
import { isZone, Oracle, partsOf, type Measure, type StoredSpec, type Value } from '../support/best-oracle';
import { storeReport } from '../support/factories';

/**
 * Best-available totals, coverage, composition and quality on seeded hierarchies, held against an
 * independent computation (tests/support/best-oracle.ts): 河北 with 石家庄 and 秦皇岛 (functional zones
 * among their counties), 河南 with 郑州 and 济源 (a county directly under the province), 2021–2023;
 * per jurisdiction and year a random mix of government OWN reports, departments, one or two SUMMARY
 * reports or nothing; identities broken (I2, I4, I5) and parts declared missing at random. Then
 * revisions (values and scope changed), new reports, and a rebuild: the materialised BEST must follow.
 */
const POOL = {
  '130000': ['130100', '130300'],
  '130100': ['130102', '130104', '130105', '130171', '130181'],
  '130300': ['130302', '130303', '130371', '130372'],
  '410000': ['410100', '419001'],
  '410100': ['410102', '410103'],
} as Record<string, string[]>;
const CODES = [...new Set([...Object.keys(POOL), ...Object.values(POOL).flat()])].sort();
const YEARS = [2021, 2022, 2023];
const INDICATORS = [
  'applications.new.total',
  'outcome.total.total',
  'review.total',
  'applications.carried_over.total',
  'derived.disclosure_rate',
];
const APPLICANTS = ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other'];
const REVIEW = ['upheld', 'corrected', 'other', 'pending'];

const random = seededRng(2024);
const int = (max: number) => Math.floor(random() * max);
const chance = (p: number) => random() < p;

const stored: StoredSpec[] = [];
let api: TestApi;

/** A report's values: table 3 mostly consistent, table 4; identities broken and parts missing at random. */
function reportValues(previous: StoredSpec | undefined): { values: Record<string, number | null>; missing: MissingPart[] } {
  const values: Record<string, number | null> = {};
  let total = 0;
  for (const a of APPLICANTS) {
    const n = int(4) === 0 ? 0 : int(30);
    values[`applications.new.${a}`] = n;
    total += n;
  }
  values['applications.new.total'] = chance(0.15) ? total + 1 + int(5) : total; // I2 (and I1) broken
  const carriedOver = previous && chance(0.7) ? (previous.values['applications.carried_forward.total'] ?? 0) : int(5); // I5 may break
  values['applications.carried_over.total'] = carriedOver;
  const handled = Math.min(total + carriedOver, int(total + carriedOver + 1));
  const disclosed = int(handled + 1);
  values['outcome.disclosed.total'] = disclosed;
  values['outcome.partially_disclosed.total'] = handled - disclosed;
  values['outcome.total.total'] = handled;
  values['applications.carried_forward.total'] = total + carriedOver - handled;
  if (chance(0.1)) {
    for (const r of [...REVIEW, 'total']) values[`review.${r}`] = null; // table 4 printed blank
  } else {
    let sum = 0;
    for (const r of REVIEW) {
      const n = int(4);
      values[`review.${r}`] = n;
      sum += n;
    }
    values['review.total'] = chance(0.15) ? sum + 2 : sum; // I4 broken
  }
  const missing: MissingPart[] = [];
  if (chance(0.12)) {
    const indicators = [...REVIEW, 'total'].map((r) => `review.${r}`);
    for (const c of indicators) delete values[c];
    missing.push({ part: 'table4', indicators, reason: 'table 4 cut off' });
  }
  if (chance(0.08)) {
    const indicators = ['outcome.total.total'];
    delete values['outcome.total.total'];
    missing.push({ part: 'table3:（七）总计', indicators, reason: 'row unreadable' });
  }
  return { values, missing };
}

async function store(
  spec: Omit<StoredSpec, 'id' | 'values' | 'missing'>,
  content?: { values: Record<string, number | null>; missing: MissingPart[] },
) {
  const previous = [...stored]
    .reverse()
    .find((s) => s.jurisdiction === spec.jurisdiction && s.organ === spec.organ && s.year === spec.year - 1);
  const { values, missing } = content ?? reportValues(previous);
  const result = await storeReport(api.dataSource, { ...spec, values }, { missing });
  stored.push({ ...spec, id: result.report.id, values, missing });
}

const organs = (code: string) => ({
  government: `${code}人民政府`,
  departments: [`${code}公安局`, `${code}财政局`],
  summaries: [`${code}人民政府办公室`, `${code}政务公开办公室`],
});

async function seed() {
  for (const year of YEARS) {
    for (const code of CODES) {
      const names = organs(code);
      if (chance(0.55)) await store({ jurisdiction: code, year, organ: names.government, organKind: 'GOVERNMENT', scope: 'OWN' });
      for (const department of names.departments)
        if (chance(0.3)) await store({ jurisdiction: code, year, organ: department, organKind: 'DEPARTMENT', scope: 'OWN' });
      if (chance(0.3)) {
        await store({ jurisdiction: code, year, organ: names.summaries[0], organKind: 'GOVERNMENT', scope: 'SUMMARY' });
        if (chance(0.25)) await store({ jurisdiction: code, year, organ: names.summaries[1], organKind: 'GOVERNMENT', scope: 'SUMMARY' });
      }
    }
  }
}

/** Revisions (new values; scope OWN ↔ SUMMARY) and new reports: each refreshes BEST through the report store. */
async function change() {
  const current = new Oracle(stored);
  let revised = 0;
  for (const code of CODES) {
    for (const year of YEARS) {
      for (const report of current.reportsOf(code, year)) {
        if (!chance(0.15)) continue;
        const scope = chance(0.3) ? (report.scope === 'OWN' ? 'SUMMARY' : 'OWN') : report.scope;
        await store({ jurisdiction: code, year, organ: report.organ, organKind: report.organKind, scope });
        revised++;
      }
      if (chance(0.1))
        await store({ jurisdiction: code, year, organ: organs(code).summaries[0], organKind: 'GOVERNMENT', scope: 'SUMMARY' });
    }
  }
  expect(revised).toBeGreaterThan(3);
}

let subtrees: Map<string, string[]>;
beforeAll(async () => {
  // Every cell with coverage, composition, quality and sources at once: over OGI_MAX_COST by design (the
  // cost rules have tests of their own); what this file compares is the values.
  api = await createTestApi(undefined, undefined, { maxCost: Number.MAX_SAFE_INTEGER });
  await seed();
  // Every jurisdiction of each subtree, from the stored hierarchy: coverage expects them all.
  const data = await api.execute<{
    jurisdictions: { edges: { node: { code: string; children: { code: string; children: { code: string }[] }[] } }[] };
  }>(`query($codes: [ID!]) { jurisdictions(codes: $codes, first: 100) { edges { node { code children { code children { code } } } } } }`, {
    codes: CODES,
  });
  subtrees = new Map(
    data.jurisdictions.edges.map(({ node }) => [
      node.code,
      [node.code, ...node.children.flatMap((c) => [c.code, ...c.children.map((g) => g.code)])],
    ]),
  );
}, 120_000);
afterAll(() => api.close());

interface CellResult {
  jurisdiction: { code: string };
  indicator: { code: string };
  year: number;
  value: number | null;
  status: string;
  reason: string | null;
  coverage: {
    expected: number;
    reported: number;
    complete: boolean;
    organsMissing: number;
    missing: { code: string }[];
    gaps: { kind: string; jurisdiction: { code: string } }[];
    byKind: Record<string, number>;
  } | null;
  composition: {
    summaryReports: number;
    ownReports: number;
    fromSummaries: { code: string }[];
    fromOwnReports: { code: string }[];
    description: string;
  } | null;
  quality: {
    reports: number;
    reportsWithFailures: number;
    failedChecks: { identity: string; scope: string; report: { id: string } }[];
    missingParts: { part: string; report: { id: string } }[];
  };
  sources: { id: string }[];
}

const CELLS = `query($codes: [ID!], $indicators: [ID!]!, $measure: Measure, $exclude: [ReportIssue!]) {
  cells(jurisdictions: { codes: $codes }, indicators: $indicators, years: { from: 2021, to: 2023 }, measure: $measure, exclude: $exclude) {
    jurisdiction { code } indicator { code } year value status reason
    coverage { expected reported complete organsMissing missing { code } gaps { kind jurisdiction { code } } byKind { governmentOwn summary departmentsOnly none } }
    composition { summaryReports ownReports fromSummaries { code } fromOwnReports { code } description }
    quality { reports reportsWithFailures failedChecks { identity scope report { id } } missingParts { part report { id } } }
    sources { id }
  }
}`;

async function cells(measure: Measure, exclude: string[] | null = null): Promise<CellResult[]> {
  return (await api.execute<{ cells: CellResult[] }>(CELLS, { codes: CODES, indicators: INDICATORS, measure, exclude })).cells;
}

const close = (a: Value, b: { value: number | null; status: string }) => {
  expect(b.status).toBe(a.status);
  if (a.value === null) expect(b.value).toBeNull();
  else expect(b.value).toBeCloseTo(a.value, 9);
};

/** Every measure, value and detail of every cell against the oracle. */
async function compareAll() {
  const oracle = new Oracle(stored);
  for (const measure of ['OWN', 'REPORTED', 'ROLLUP', 'BEST'] as const) {
    const result = await cells(measure);
    expect(result).toHaveLength(CODES.length * INDICATORS.length * YEARS.length);
    for (const cell of result) {
      const root = cell.jurisdiction.code;
      const code = cell.indicator.code;
      const where = `${measure} ${root} ${code} ${cell.year}`;
      try {
        close(oracle.value(measure, root, code, cell.year), cell);
        if (cell.status !== 'VALUE') expect(cell.reason).toEqual(expect.any(String));
        const behind = oracle.behind(measure, root, cell.year);
        const parts = partsOf(code);
        expect(cell.quality.reports).toBe(behind.length);
        const failures = behind.flatMap((r) => oracle.failures(r, parts));
        expect(cell.quality.failedChecks.map((c) => `${c.report.id}:${c.identity}:${c.scope}`).sort()).toEqual(failures.sort());
        expect(cell.quality.reportsWithFailures).toBe(new Set(failures.map((f) => f.split(':')[0])).size);
        const declared = behind.flatMap((r) => oracle.declaredMissing(r, parts));
        expect(cell.quality.missingParts.map((m) => `${m.report.id}:${m.part}`).sort()).toEqual(declared.sort());
        const printing = behind.filter((r) => parts.some((p) => p in r.values)).map((r) => String(r.id));
        expect(cell.sources.map((s) => s.id).sort()).toEqual(printing.sort());
        if (measure === 'OWN' || measure === 'REPORTED') {
          expect([cell.coverage, cell.composition]).toEqual([null, null]);
          continue;
        }
        const coverage = oracle.coverage(measure, root, subtrees.get(root)!, cell.year);
        expect(cell.coverage?.expected).toBe(coverage.expected);
        expect(cell.coverage?.gaps.map((g) => `${g.jurisdiction.code}:${g.kind}`).sort()).toEqual(
          coverage.missing.map((m) => `${m.code}:${m.kind}`).sort(),
        );
        expect(cell.coverage?.missing.map((m) => m.code).sort()).toEqual(coverage.missing.map((m) => m.code).sort());
        const kinds = (k: string) => coverage.kinds.filter((e) => e.kind === k).length;
        expect(cell.coverage?.byKind).toEqual({
          governmentOwn: kinds('GOVERNMENT_OWN'),
          summary: kinds('SUMMARY'),
          departmentsOnly: kinds('DEPARTMENTS_ONLY'),
          none: kinds('NONE'),
        });
        const organsMissing = oracle.organsMissing(measure, root, subtrees.get(root)!, cell.year);
        expect(cell.coverage?.organsMissing).toBe(organsMissing.length);
        expect(cell.coverage?.complete).toBe(
          coverage.missing.length === 0 && organsMissing.length === 0 && declared.length === 0 && cell.status !== 'MISSING',
        );
        const composition = oracle.composition(measure, root, cell.year);
        expect([
          cell.composition?.fromSummaries.map((j) => j.code).sort(),
          cell.composition?.fromOwnReports.map((j) => j.code).sort(),
        ]).toEqual([composition.summaries, composition.own]);
        expect([cell.composition?.summaryReports, cell.composition?.ownReports]).toEqual([
          behind.filter((r) => r.scope === 'SUMMARY').length,
          behind.filter((r) => r.scope === 'OWN').length,
        ]);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
    }
  }
}

it('the seeded hierarchies hold every kind of case', () => {
  const oracle = new Oracle(stored);
  const kinds = new Set<string>();
  for (const code of CODES) {
    for (const year of YEARS) {
      const reports = oracle.reportsOf(code, year);
      if (reports.some((r) => r.scope === 'SUMMARY') && !code.endsWith('0000')) kinds.add('summary below the root');
      if (reports.filter((r) => r.scope === 'SUMMARY').length > 1) kinds.add('two summaries');
      if (reports.length > 0 && reports.every((r) => r.scope === 'OWN' && r.organKind === 'DEPARTMENT')) kinds.add('departments only');
      if (isZone(code) && reports.some((r) => r.scope === 'OWN')) kinds.add('a zone reporting');
      if (reports.some((r) => oracle.failures(r, ['applications.new.total', 'review.total', 'applications.carried_over.total']).length > 0))
        kinds.add('failing identities');
      if (reports.some((r) => r.missing.length > 0)) kinds.add('declared missing');
      if (reports.length === 0) kinds.add('nothing');
      if (oracle.organsMissing('ROLLUP', code, subtrees.get(code)!, year).length > 0) kinds.add('an organ skipping a year');
    }
  }
  expect([...kinds].sort()).toEqual([
    'a zone reporting',
    'an organ skipping a year',
    'declared missing',
    'departments only',
    'failing identities',
    'nothing',
    'summary below the root',
    'two summaries',
  ]);
});

it('answers OWN, REPORTED, ROLLUP and BEST with their coverage, composition, quality and sources as the independent computation does', async () => {
  await compareAll();
}, 120_000);

it('keeps the materialised BEST right through revisions (values and scope changed) and new reports, and after a rebuild', async () => {
  await change();
  await compareAll();
  await new RollupMaterialiser(api.dataSource).rebuild();
  await compareAll();
  // The migration fills the table from the reports already stored with its own copy of the statement.
  const runner = api.dataSource.createQueryRunner();
  try {
    await new RollupBest1765000000000().down(runner);
    await new RollupBest1765000000000().up(runner);
  } finally {
    await runner.release();
  }
  await compareAll();
}, 300_000);

it("leaves out the reports failing an identity on a cell's parts, or declaring one missing, and recomputes from the others", async () => {
  const oracle = new Oracle(stored);
  for (const exclude of [['FAILED_CHECKS'], ['MISSING_PARTS'], ['FAILED_CHECKS', 'MISSING_PARTS']]) {
    for (const measure of ['OWN', 'ROLLUP', 'BEST'] as const) {
      let leftOut = 0;
      for (const cell of await cells(measure, exclude)) {
        const parts = partsOf(cell.indicator.code);
        const keep = (r: StoredSpec) =>
          !(exclude.includes('FAILED_CHECKS') && oracle.failures(r, parts).length > 0) &&
          !(exclude.includes('MISSING_PARTS') && oracle.declaredMissing(r, parts).length > 0);
        try {
          close(oracle.value(measure, cell.jurisdiction.code, cell.indicator.code, cell.year, keep), cell);
          const kept = oracle.behind(measure, cell.jurisdiction.code, cell.year, keep);
          expect(cell.quality.reports).toBe(kept.length);
          if (exclude.includes('FAILED_CHECKS')) expect(cell.quality.failedChecks).toEqual([]);
          if (exclude.includes('MISSING_PARTS')) expect(cell.quality.missingParts).toEqual([]);
          if (kept.length < oracle.behind(measure, cell.jurisdiction.code, cell.year).length) leftOut++;
        } catch (error) {
          throw new Error(
            `${exclude.join('+')} ${measure} ${cell.jurisdiction.code} ${cell.indicator.code} ${cell.year}: ${(error as Error).message}`,
          );
        }
      }
      expect(leftOut).toBeGreaterThan(0);
    }
  }
}, 240_000);

it('ranks by BEST only where coverage meets minCoverage, listing the others with their coverage', async () => {
  const oracle = new Oracle(stored);
  const data = await api.execute<{
    ranking: {
      rankedCount: number;
      entries: { value: number; cell: { jurisdiction: { code: string } } }[];
      unranked: { reason: string; cell: { jurisdiction: { code: string } } }[];
    };
  }>(
    `{ ranking(indicator: "applications.new.total", year: 2022, among: { codes: ["130100", "130300", "410100"] }, measure: BEST, minCoverage: 0.2, first: 10) {
      rankedCount entries { value cell { jurisdiction { code } } } unranked { reason cell { jurisdiction { code } } } } }`,
  );
  const meets = ['130100', '130300', '410100'].filter((code) => {
    const coverage = oracle.coverage('BEST', code, subtrees.get(code)!, 2022);
    return (
      (coverage.expected - coverage.missing.length) / coverage.expected >= 0.2 &&
      oracle.value('BEST', code, 'applications.new.total', 2022).status === 'VALUE'
    );
  });
  expect(data.ranking.entries.map((e) => e.cell.jurisdiction.code).sort()).toEqual(meets.sort());
  for (const u of data.ranking.unranked) expect(u.reason).toMatch(/below minCoverage 0.2|no |declare|print/);
  const refused = await api.errorsOf(
    '{ ranking(indicator: "applications.new.total", year: 2022, among: { codes: ["130100"] }, measure: OWN, completeOnly: true) { rankedCount } }',
  );
  expect(refused[0].code).toBe('BAD_USER_INPUT');
});
