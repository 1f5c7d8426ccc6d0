import { getNamedType, getNullableType, isListType, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { buildAppSchema } from '../../src/schema';
import { HEALTH_BOUND_MS, logLines, post, RSS_BOUND_MB, startAbuseServer, watchHealth, type AbuseServer } from '../support/abuse-server';

/**
 * Alias bombs: one anonymous request of a few kilobytes asking for the same large thing hundreds of
 * times, on every list and roll-up field of the schema. Each must be refused before it runs (its cost
 * is summed over aliases and nesting, from the real size of each roll-up) or stopped at the time limit,
 * while /healthz keeps answering and the server's memory stays bounded.
 *
 * The first two are the requests that killed the server before (issue 12): 200 aliases of a `matrix`
 * over every county (heap exhausted after three minutes), and 50 of them with a 200 ms time limit
 * (answered after 23 s with 49.6 MB, 1.7 GB RSS, /healthz blocked for 22 s).
 */
const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join('\n');

interface Bomb {
  name: string;
  query: string;
  variables?: (codes: string[]) => Record<string, unknown>;
}

const SELECTION_VARIABLES = (codes: string[]) => ({ j: { level: 'COUNTY' }, i: codes.slice(0, 66), y: { from: 2024, to: 2024 } });

const BOMBS: Bomb[] = [
  {
    name: '200 matrices over every county (the issue)',
    query: `query($j: JurisdictionSelector!, $i: [ID!]!, $y: YearRange!) { ${aliases(200, 'matrix(jurisdictions: $j, indicators: $i, years: $y) { values }')} }`,
    variables: SELECTION_VARIABLES,
  },
  {
    name: '50 matrices over every county (the issue, second request)',
    query: `query($j: JurisdictionSelector!, $i: [ID!]!, $y: YearRange!) { ${aliases(50, 'matrix(jurisdictions: $j, indicators: $i, years: $y) { values }')} }`,
    variables: SELECTION_VARIABLES,
  },
  {
    name: 'matrices with every axis',
    query: `query($i: [ID!]!) { ${aliases(50, 'matrix(jurisdictions: { level: PREFECTURE }, indicators: $i, years: { from: 2014, to: 2024 }, measure: ROLLUP) { jurisdictions { code children { code } } indicators { code formatVersions } years values statuses }')} }`,
    variables: (codes) => ({ i: codes.slice(0, 30) }),
  },
  {
    name: 'roll-up cells with sources and coverage',
    query: `query($i: [ID!]!) { ${aliases(20, 'cells(jurisdictions: { level: PREFECTURE }, indicators: $i, years: { from: 2019, to: 2024 }, measure: ROLLUP) { value sources { id } coverage { missing { code } } yoy { percent } reconciliation { difference } }')} }`,
    variables: (codes) => ({ i: codes.slice(0, 10) }),
  },
  {
    name: 'rankings over every county, unranked included',
    query: `{ ${aliases(200, 'ranking(indicator: "applications.new.total", year: 2022, among: { level: COUNTY }, first: 500) { entries { rank cell { sources { id } } } unranked { reason cell { coverage { missing { code } } } } }')} }`,
  },
  {
    name: 'series of every county over a century',
    query: `query($i: [ID!]!) { ${aliases(20, 'jurisdictions(level: COUNTY, first: 500) { edges { node { series(indicators: $i, years: { from: 2000, to: 2100 }, measure: ROLLUP) { cells { value sources { id } } } } } }')} }`,
    variables: (codes) => ({ i: codes.slice(0, 20) }),
  },
  {
    name: 'nested jurisdictions, reports and observations',
    query: `{ ${aliases(20, 'jurisdictions(first: 500) { edges { node { children { ancestors { code } children { reports { observations { value } consistency { blankCells } missing { indicators } } } } } } }')} }`,
  },
  {
    name: 'report pages with everything',
    query: `{ ${aliases(100, 'reports(first: 500) { edges { node { observations { indicator { formatVersions } } consistency { identity blankCells } missing { part indicators } } } }')} }`,
  },
  {
    name: 'organs of every county with names, reports and series',
    query: `query($i: [ID!]!) { ${aliases(20, 'jurisdictions(level: COUNTY, first: 500) { edges { node { organs { names { name } reports { id } series(indicators: $i, years: { from: 2000, to: 2100 }) { cells { value } } } } } }')} }`,
    variables: (codes) => ({ i: codes.slice(0, 20) }),
  },
  {
    name: 'organs of a jurisdiction as matrices, and roll-ups with the organs they lack',
    query: `query($i: [ID!]!) { ${aliases(100, 'matrix(jurisdictions: { organsOf: "350128" }, indicators: $i, years: { from: 2000, to: 2100 }) { organs { name } values }')} ${aliases(100, 'cells(jurisdictions: { level: PREFECTURE }, indicators: $i, years: { from: 2019, to: 2024 }, measure: ROLLUP) { coverage { organs { missing { name } } } }').replace(/a(\d+):/g, 'c$1:')} }`,
    variables: (codes) => ({ i: codes.slice(0, 20) }),
  },
  {
    name: 'best-available totals with coverage gaps, composition and quality on every cell',
    query: `query($i: [ID!]!) { ${aliases(50, 'cells(jurisdictions: { level: PREFECTURE }, indicators: $i, years: { from: 2014, to: 2024 }, measure: BEST) { coverage { gaps { kind } missing { code } } composition { summaries { id } fromSummaries { code } fromOwnReports { code } } quality { failedChecks { identity } missingParts { indicators } } }')} }`,
    variables: (codes) => ({ i: codes.slice(0, 20) }),
  },
  {
    name: 'matrices with reasons, coverage and quality arrays',
    query: `query($i: [ID!]!) { ${aliases(50, 'matrix(jurisdictions: { level: COUNTY }, indicators: $i, years: { from: 2014, to: 2024 }, measure: BEST) { reasons coverage { expected reported complete } quality { reports reportsWithFailures failedChecks missingParts } }')} }`,
    variables: (codes) => ({ i: codes.slice(0, 20) }),
  },
  {
    name: "the inventory over centuries, and every county's availability",
    query: `{ ${aliases(100, 'years(years: { from: 1900, to: 2100 }) { byKind { reports } byFormat { reports } byLevel { level } provinces { reports } }')} ${aliases(20, 'jurisdictions(level: COUNTY, first: 500) { edges { node { availability(years: { from: 1900, to: 2100 }) { year } } } }').replace(/a(\d+):/g, 'c$1:')} }`,
  },
  { name: 'the catalog two thousand times', query: `{ ${aliases(2000, 'indicators { code formatVersions }')} }` },
  { name: 'introspection', query: `{ ${aliases(200, '__schema { types { fields { args { type { name } } type { name } } } }')} }` },
  {
    name: 'the audit log, with the reports of each entry and their histories',
    query: `{ ${aliases(100, 'auditLog(first: 500) { edges { node { changes { field } reportIdsBefore reportIdsAfter reportsBefore { history { id } } reportsAfter { id } } } }')} }`,
  },
  {
    name: 'curation mutations (refused: no write token)',
    query: `mutation { ${aliases(100, 'updateReport(input: { id: "1", reason: "x", year: 2023 }) { superseded { id } changes { field } warnings }')} }`,
  },
  {
    name: 'imports (refused: no write token)',
    query: `mutation { ${aliases(100, 'importReport(input: { content: "x" }) { observations { indicator } consistency { identity } missing { part indicators } warnings changes { field } supersededIds }')} }`,
  },
];

let server: AbuseServer;
let codes: string[] = [];
beforeAll(async () => {
  server = await startAbuseServer({ OGI_REQUEST_TIMEOUT_MS: '2000', OGI_LOG_LEVEL: 'info' });
  const catalog = await post(server, { query: '{ indicators { code } }' });
  codes = (catalog.json.data as { indicators: { code: string }[] }).indicators.map((i) => i.code);
}, 180_000);
afterAll(() => server?.stop(), 30_000);

it('every list field of the schema is in some bomb (a new list field needs one)', async () => {
  const schema = await buildAppSchema();
  const lists = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()))
      if (isListType(getNullableType(field.type))) lists.add(`${type.name}.${field.name}`);
  }
  const covered = new Set<string>();
  for (const bomb of BOMBS) {
    const typeInfo = new TypeInfo(schema);
    visit(
      parse(bomb.query),
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field) covered.add(`${getNamedType(parent).name}.${field.name}`);
        },
      }),
    );
  }
  expect([...lists].filter((field) => !covered.has(field))).toEqual([]);
});

describe.each(BOMBS.map((bomb) => [bomb.name, bomb] as const))('%s', (_name, bomb) => {
  it('is refused before it runs or stopped at the time limit; /healthz answers and memory stays bounded', async () => {
    const health = watchHealth(server);
    const answer = await post(server, { query: bomb.query, variables: bomb.variables?.(codes) });
    const watched = await health.stop();
    const code = answer.json.errors?.[0]?.extensions?.code;
    console.log(
      `${bomb.name}: ${bomb.query.length.toLocaleString('en')} characters of query answered ${answer.status} ${code ?? 'ok'} in ${Math.round(answer.ms)} ms; /healthz slowest ${Math.round(watched.slowestMs)} ms; RSS max ${Math.round(watched.maxRssMb)} MB`,
    );
    expect([400, 403, 503]).toContain(answer.status);
    expect(['QUERY_TOO_COSTLY', 'QUERY_TOO_LARGE', 'REQUEST_TIMEOUT', 'FORBIDDEN', 'GRAPHQL_PARSE_FAILED']).toContain(code);
    expect(answer.json.errors).toHaveLength(1);
    expect(answer.ms).toBeLessThan(15_000);
    expect(watched.failed).toBe(0);
    expect(watched.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(watched.maxRssMb).toBeLessThan(RSS_BOUND_MB);
  });
});

it("the issue's request is refused before anything runs, and logged once with its duration", async () => {
  // Named, so that its log line is told apart from late lines of the cases before it.
  const query = BOMBS[0].query.replace(/^query\(/, 'query IssueRequest(');
  const answer = await post(server, { query, variables: BOMBS[0].variables!(codes) });
  expect(answer.status).toBe(400);
  expect(answer.json.data).toBeUndefined();
  expect(answer.json.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 1_000_000 });
  // 200 × (3,004 counties × 66 indicators read, computed and answered) and more.
  expect(Number(answer.json.errors?.[0].extensions?.cost)).toBeGreaterThan(200 * 3004 * 66);
  const ours = () => logLines(server, 'graphql request').filter((l) => l.operation === 'IssueRequest');
  for (let waited = 0; ours().length === 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(ours()).toEqual([
    expect.objectContaining({ status: 400, outcome: 'error', errorCodes: ['QUERY_TOO_COSTLY'], durationMs: expect.any(Number) }),
  ]);
});

describe('with the cost limit lifted, the time limit stops them', () => {
  let unlimited: AbuseServer;
  beforeAll(async () => {
    unlimited = await startAbuseServer({ OGI_MAX_COST: '1000000000', OGI_REQUEST_TIMEOUT_MS: '200', OGI_LOG_LEVEL: 'info' });
  }, 180_000);
  afterAll(() => unlimited?.stop(), 30_000);

  it.each([50, 200])(
    '%i matrices over every county: one REQUEST_TIMEOUT (503) soon after 200 ms, memory bounded, /healthz answering',
    async (count) => {
      const health = watchHealth(unlimited);
      const query = `query($j: JurisdictionSelector!, $i: [ID!]!, $y: YearRange!) { ${aliases(count, 'matrix(jurisdictions: $j, indicators: $i, years: $y) { values }')} }`;
      const answer = await post(unlimited, { query, variables: SELECTION_VARIABLES(codes) });
      const watched = await health.stop();
      console.log(
        `${count} matrices, cost limit lifted: ${answer.status} in ${Math.round(answer.ms)} ms; /healthz slowest ${Math.round(watched.slowestMs)} ms; RSS max ${Math.round(watched.maxRssMb)} MB, peak ${Math.round(unlimited.peakRssMb())} MB`,
      );
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({
        data: null,
        errors: [expect.objectContaining({ extensions: { code: 'REQUEST_TIMEOUT', limit: 200 } })],
      });
      expect(answer.ms).toBeLessThan(10_000);
      expect(watched.failed).toBe(0);
      expect(watched.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
      expect(unlimited.peakRssMb()).toBeLessThan(RSS_BOUND_MB);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const logged = logLines(unlimited, 'graphql request').filter((l) => l.status === 503);
      expect(logged.at(-1)).toMatchObject({ errorCodes: ['REQUEST_TIMEOUT'], outcome: 'error' });
      expect(Number(logged.at(-1)?.durationMs)).toBeGreaterThanOrEqual(200);
    },
  );
});
