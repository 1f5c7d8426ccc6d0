import { getIntrospectionQuery } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config';
import { EXAMPLE_QUERIES } from '../../src/ide/example-queries';
import { MAX_TOKENS } from '../../src/http/query-limits.plugin';
import { capturingLogger, postGraphQL, startLimitsServer, type LimitsServer } from '../support/limits-server';

/**
 * The limits a public server needs, on the real HTTP stack with the default configuration (unless a
 * test says otherwise): depth, estimated cost, cells, body size, tokens, time; and unexpected errors
 * masked for the client but logged with their stack.
 */
let server: LimitsServer;
beforeAll(async () => {
  server = await startLimitsServer();
}, 60000);
afterAll(() => server?.close(), 60000);

/** `{ jurisdiction(code: "440303") { parent { parent { … code } } } }`, `depth` fields deep. */
function nested(depth: number): string {
  return `{ jurisdiction(code: "440303") { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;
}

describe('defaults let real clients through', () => {
  it.each(EXAMPLE_QUERIES.map((e) => [e.title, e] as const))('the IDE example "%s" passes every limit', async (_title, example) => {
    const { status, json } = await postGraphQL(server.url, { query: example.query, variables: example.variables });
    expect(json.errors).toBeUndefined();
    expect(status).toBe(200);
  });

  it.each([
    ['graphql-js default', getIntrospectionQuery()],
    [
      'GraphiQL (every option)',
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ],
  ])('the introspection query (%s) passes', async (_name, query) => {
    const { status, json } = await postGraphQL(server.url, { query });
    expect(json.errors).toBeUndefined();
    expect(status).toBe(200);
    expect((json.data?.__schema as { types: unknown[] }).types.length).toBeGreaterThan(20);
  });
});

describe('depth (OGI_MAX_DEPTH, default 12)', () => {
  it('answers a query exactly at the limit', async () => {
    const { status, json } = await postGraphQL(server.url, { query: nested(12) });
    expect(json.errors).toBeUndefined();
    expect(status).toBe(200);
  });

  it('refuses one level more with 400 QUERY_TOO_DEEP, saying what to change, before running it', async () => {
    const { status, json } = await postGraphQL(server.url, { query: nested(13) });
    expect(status).toBe(400);
    expect(json.data).toBeUndefined();
    expect(json.errors).toHaveLength(1);
    expect(json.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 13, limit: 12 });
    expect(json.errors?.[0].message).toMatch(/13 levels deep; the limit is 12 \(OGI_MAX_DEPTH\)\. Ask for fewer nested levels/);
  });

  it('counts fragments where they are spread', async () => {
    const query = `query { jurisdiction(code: "440303") { ...P } } fragment P on Jurisdiction { parent { ...Q } } fragment Q on Jurisdiction { ${'parent { '.repeat(10)}code${' }'.repeat(10)} }`;
    const { status, json } = await postGraphQL(server.url, { query });
    expect(status).toBe(400);
    expect(json.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it("refuses a cyclic introspection query (graphql-js's own introspection-depth rule, before ours)", async () => {
    const query = `{ __schema { types { ${'fields { type { '.repeat(6)}name${' } }'.repeat(6)} } } }`;
    const { status, json } = await postGraphQL(server.url, { query });
    expect(json.errors?.[0]).toMatchObject({
      message: 'Maximum introspection depth exceeded',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(status).toBe(400);
  });
});

describe('cost (OGI_MAX_COST, default 1,000,000)', () => {
  const FAN_OUT = `query($n: Int!) { jurisdictions(first: $n) { edges { node { children { reports(year: 2022) { observations(indicators: ["applications.new.total"]) { value indicator { code } } } } } } } }`;

  it('refuses nested lists whose size is over the limit with 400 QUERY_TOO_COSTLY, before running them', async () => {
    const { status, json } = await postGraphQL(server.url, { query: FAN_OUT, variables: { n: 500 } });
    expect(status).toBe(400);
    expect(json.data).toBeUndefined();
    const [error] = json.errors ?? [];
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 1_000_000 });
    expect(error.extensions?.cost).toBeGreaterThan(1_000_000);
    expect(error.message).toMatch(/cost is [\d,]+ .*the limit is 1,000,000 \(OGI_MAX_COST\)\. Ask for fewer jurisdictions/);
  });

  it('takes `first` from variables: the same shape with a smaller page passes', async () => {
    const { status, json } = await postGraphQL(server.url, { query: FAN_OUT, variables: { n: 50 } });
    expect(json.errors).toBeUndefined();
    expect(status).toBe(200);
  });

  it('leaves a cells request over OGI_MAX_CELLS to the cells planner (QUERY_TOO_LARGE with the exact count)', async () => {
    const query =
      '{ cells(jurisdictions: { level: COUNTY }, indicators: ["applications.new.total", "review.total", "outcome.total.total"], years: { from: 2000, to: 2024 }) { value sources { id } } }';
    const { json } = await postGraphQL(server.url, { query });
    expect(json.errors?.[0].extensions?.code).toBe('QUERY_TOO_LARGE');
    expect(json.errors?.[0].message).toMatch(/cells \(\d+ jurisdictions × 3 indicators × 25 years\)/);
  });

  it('a page size over OGI_MAX_PAGE_SIZE stays BAD_USER_INPUT (the resolver says what is valid)', async () => {
    const { json } = await postGraphQL(server.url, { query: '{ jurisdictions(first: 100000) { totalCount } }' });
    expect(json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('request size', () => {
  let small: LimitsServer;
  beforeAll(async () => {
    small = await startLimitsServer({ config: { maxBodyBytes: 4096 } });
  });
  afterAll(() => small?.close());

  it('answers a body over OGI_MAX_BODY_BYTES with 413 and JSON PAYLOAD_TOO_LARGE', async () => {
    const { status, headers, json } = await postGraphQL(small.url, { query: '{ __typename }', variables: { pad: 'x'.repeat(5000) } });
    expect(status).toBe(413);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.errors?.[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 4096 });
    expect(json.errors?.[0].message).toMatch(/larger than the 4,096-byte limit \(OGI_MAX_BODY_BYTES\)/);
  });

  it("names a route's own smaller limit when its body is over it (the IDE's CSV translation: 256 kB)", async () => {
    const res = await fetch(`${server.url}/ide/cells-csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(300_000) }),
    });
    expect(res.status).toBe(413);
    const json = (await res.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(json.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 262_144 });
    expect(json.errors[0].message).toMatch(/larger than the 262,144-byte limit of this route/);
  });

  it('answers a body just under the limit', async () => {
    const { status, json } = await postGraphQL(small.url, { query: '{ __typename }', variables: { pad: 'x'.repeat(3000) } });
    expect(status).toBe(200);
    expect(json.data).toEqual({ __typename: 'Query' });
  });

  it('answers malformed JSON with 400 and JSON BAD_REQUEST', async () => {
    const res = await fetch(`${small.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ __typename }"',
    });
    const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(res.status).toBe(400);
    expect(json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it(`stops parsing a document of more than ${MAX_TOKENS} tokens (400 GRAPHQL_PARSE_FAILED)`, async () => {
    const query = `{ ${Array.from({ length: MAX_TOKENS }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const { status, json } = await postGraphQL(server.url, { query });
    expect(status).toBe(400);
    expect(json.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(json.errors?.[0].message).toMatch(/more tha[nt] 20000 tokens/);
  });
});

describe('time (OGI_REQUEST_TIMEOUT_MS)', () => {
  let slow: LimitsServer;
  beforeAll(async () => {
    // Children lookups take 150 ms here; the limit is 60 ms.
    slow = await startLimitsServer({
      config: { requestTimeoutMs: 60 },
      patch: (services) => {
        const childrenOf = services.jurisdictions.childrenOf.bind(services.jurisdictions);
        services.jurisdictions.childrenOf = async (codes) => {
          await new Promise((resolve) => setTimeout(resolve, 150));
          return childrenOf(codes);
        };
        const importReport = services.imports.importReport.bind(services.imports);
        services.imports.importReport = async (...args) => {
          await new Promise((resolve) => setTimeout(resolve, 150));
          return importReport(...args);
        };
      },
    });
  });
  afterAll(() => slow?.close());

  it('stops a query at the next resolver after the deadline: 503, one REQUEST_TIMEOUT error, no partial data', async () => {
    const { status, json } = await postGraphQL(slow.url, {
      query: '{ jurisdiction(code: "440300") { name children { code name children { code } } } }',
    });
    expect(status).toBe(503);
    expect(json.data).toBeNull();
    expect(json.errors).toHaveLength(1);
    expect(json.errors?.[0].extensions).toEqual({ code: 'REQUEST_TIMEOUT', limit: 60 });
    expect(json.errors?.[0].message).toMatch(/longer than the 60 ms limit \(OGI_REQUEST_TIMEOUT_MS\).*Ask for less/);
  });

  it('lets a quick query through on the same server', async () => {
    const { status, json } = await postGraphQL(slow.url, { query: '{ jurisdiction(code: "440300") { name } }' });
    expect(status).toBe(200);
    expect(json.data).toEqual({ jurisdiction: { name: '深圳市' } });
  });

  it('does not cut a mutation short (an import commits all or nothing)', async () => {
    const content = Buffer.from('not a report at all').toString('base64');
    const { json } = await postGraphQL(
      slow.url,
      {
        query: 'mutation($c: String!) { importReport(input: { content: $c, contentEncoding: BASE64, dryRun: true }) { outcome } }',
        variables: { c: content },
      },
      { authorization: 'Bearer test-write-token-0123456789' },
    );
    expect(json.errors?.[0].extensions?.code).not.toBe('REQUEST_TIMEOUT');
    expect(json.errors?.[0].extensions?.code).toBe('NOT_A_REPORT');
  });
});

describe('unexpected errors', () => {
  it('are masked for the client (INTERNAL_SERVER_ERROR, no message, no stack) and logged with their stack', async () => {
    const logger = capturingLogger();
    const failing = await startLimitsServer({
      logger,
      patch: (services) => {
        services.jurisdictions.findByCodes = async () => {
          throw new Error('disk on fire at /var/lib/secret-path');
        };
      },
    });
    try {
      const { status, json } = await postGraphQL(failing.url, { query: '{ jurisdiction(code: "440300") { name } }' });
      expect(status).toBe(200);
      expect(json.errors).toHaveLength(1);
      expect(json.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      const text = JSON.stringify(json);
      expect(text).not.toMatch(/disk on fire|secret-path|stacktrace|\bat .*\.ts:\d+/);
      const logged = logger.lines.find((l) => l.level === 'error' && l.message === 'unexpected error');
      expect(String(logged?.fields.error)).toMatch(/^Error: disk on fire at \/var\/lib\/secret-path\n\s+at /);
    } finally {
      await failing.close();
    }
  });
});

describe('configuration of the limits', () => {
  it('has defaults', () => {
    expect(loadConfig({})).toMatchObject({
      maxDepth: 12,
      maxCost: 1_000_000,
      maxBodyBytes: 16 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      cacheMaxAgeSeconds: 0,
    });
  });

  it('reads the environment', () => {
    const config = loadConfig({
      OGI_MAX_DEPTH: '20',
      OGI_MAX_COST: '5000',
      OGI_MAX_BODY_BYTES: '65536',
      OGI_REQUEST_TIMEOUT_MS: '2500',
      OGI_CACHE_MAX_AGE: '60',
    });
    expect(config).toMatchObject({ maxDepth: 20, maxCost: 5000, maxBodyBytes: 65536, requestTimeoutMs: 2500, cacheMaxAgeSeconds: 60 });
  });

  it('reads the hostile-traffic settings, with defaults', () => {
    expect(loadConfig({})).toMatchObject({
      maxResponseBytes: 32 * 1024 * 1024,
      expensiveCost: 20_000,
      maxExpensive: 2,
      expensiveQueue: 16,
      maxExpensivePerClient: 2,
      writeQueue: 8,
      readyTimeoutMs: 2_000,
      http: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 1_000,
        maxConnectionsPerClient: 64,
      },
    });
    const config = loadConfig({
      OGI_DATABASE_URL: 'postgres://u@db/x',
      OGI_DB_CONNECT_TIMEOUT_MS: '2000',
      OGI_DB_STATEMENT_TIMEOUT_MS: '9000',
      OGI_DB_POOL_SIZE: '20',
      OGI_HEADERS_TIMEOUT_MS: '3000',
      OGI_BODY_TIMEOUT_MS: '6000',
      OGI_MAX_CONNECTIONS_PER_CLIENT: '8',
    });
    expect(config.database).toMatchObject({ type: 'postgres', timeouts: { connectMs: 2000, statementMs: 9000, poolSize: 20 } });
    expect(config.http).toMatchObject({ headersTimeoutMs: 3000, requestTimeoutMs: 6000, maxConnectionsPerClient: 8 });
  });

  it('refuses a headers timeout longer than the body timeout (node:http would)', () => {
    expect(() => loadConfig({ OGI_HEADERS_TIMEOUT_MS: '40000', OGI_BODY_TIMEOUT_MS: '30000' })).toThrow(
      /OGI_HEADERS_TIMEOUT_MS \(40000\) must not be longer than OGI_BODY_TIMEOUT_MS \(30000\)/,
    );
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        OGI_MAX_DEPTH: '1',
        OGI_MAX_COST: 'lots',
        OGI_MAX_BODY_BYTES: '-5',
        OGI_REQUEST_TIMEOUT_MS: '0',
        OGI_CACHE_MAX_AGE: '1.5',
        OGI_MAX_EXPENSIVE: '0',
        OGI_MAX_RESPONSE_BYTES: 'big',
        OGI_READY_TIMEOUT_MS: '-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'OGI_MAX_DEPTH',
      'OGI_MAX_COST',
      'OGI_MAX_BODY_BYTES',
      'OGI_REQUEST_TIMEOUT_MS',
      'OGI_CACHE_MAX_AGE',
      'OGI_MAX_EXPENSIVE',
      'OGI_MAX_RESPONSE_BYTES',
      'OGI_READY_TIMEOUT_MS',
    ])
      expect(problems).toContain(name);
  });
});
