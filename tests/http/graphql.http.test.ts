import { WRITE_TOKEN } from '../support/api';
import { startHttpServer, type HttpTestServer } from '../support/http';

/**
 * The http tier: the real Express + Apollo stack on a loopback port, driven with global fetch.
 * Every response body is consumed, or Apollo's drain plugin would make close() wait for the sockets.
 */
let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer('sqlite');
}, 60000);
afterAll(() => server?.close(), 60000);

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const SHENZHEN = '{ jurisdiction(code: "440300") { name children { code } } }';
const SHENZHEN_CHILDREN = ['440303', '440304', '440305', '440306', '440307', '440308', '440309', '440310', '440311'];

async function post(body: unknown): Promise<{ status: number; json: GraphQLBody }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as GraphQLBody };
}

async function get(
  query: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await fetch(`${server.url}/graphql?${new URLSearchParams({ query })}`, { headers });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('POST /graphql', () => {
  it('answers a query sent as JSON', async () => {
    const { status, json } = await post({ query: SHENZHEN });
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
    const jurisdiction = json.data?.jurisdiction as { name: string; children: { code: string }[] };
    expect(jurisdiction.name).toBe('深圳市');
    expect(jurisdiction.children.map((c) => c.code).sort()).toEqual(SHENZHEN_CHILDREN);
  });

  it('rejects a malformed query with 400 GRAPHQL_PARSE_FAILED', async () => {
    const { status, json } = await post({ query: '{ jurisdiction(code: "440300") { name ' });
    expect(status).toBe(400);
    expect(json.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers a bad argument with 200 and BAD_USER_INPUT', async () => {
    const { status, json } = await post({ query: '{ jurisdiction(code: "44030") { name } }' });
    expect(status).toBe(200);
    expect(json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  // A form or `text/plain` POST (what a page on another site can send without a preflight) is not
  // read as GraphQL at all: only JSON bodies are.
  it('does not run a simple (text/plain) POST: 400 BAD_REQUEST', async () => {
    const before = await server.api.dataSource.query('SELECT COUNT(*) AS n FROM report');
    const mutation =
      'mutation { importReport(input: { content: "深圳市人民政府2022年政府信息公开工作年度报告", contentEncoding: UTF8 }) { outcome } }';
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${WRITE_TOKEN}` },
      body: JSON.stringify({ query: mutation }),
    });
    const json = (await res.json()) as GraphQLBody;
    expect(res.status).toBe(400);
    expect(json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(await server.api.dataSource.query('SELECT COUNT(*) AS n FROM report')).toEqual(before);
  });

  it('refuses a mutation without the write token with 401, before it runs', async () => {
    const { status, json } = await post({
      query: 'mutation { importReport(input: { content: "x", contentEncoding: UTF8, dryRun: true }) { outcome } }',
    });
    expect(status).toBe(401);
    expect(json.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /graphql', () => {
  // Apollo Server's CSRF prevention is off (README, Security): the API has no cookies, writes need a
  // bearer token, and mutations are refused over GET. A plain GET from a browser, a CDN or curl works.
  it.each([
    ['no extra header', {}],
    ['apollo-require-preflight', { 'apollo-require-preflight': 'true' }],
    ['x-apollo-operation-name', { 'x-apollo-operation-name': 'Shenzhen' }],
    ['content-type: application/json', { 'content-type': 'application/json' }],
  ])('answers a query sent with %s', async (_name, headers) => {
    const { status, contentType, text } = await get(SHENZHEN, headers);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/(graphql-response\+)?json/);
    const json = JSON.parse(text) as GraphQLBody;
    expect(json.errors).toBeUndefined();
    expect((json.data?.jurisdiction as { name: string }).name).toBe('深圳市');
  });

  it('answers a query with variables and an operation name', async () => {
    const params = new URLSearchParams({
      query: 'query One($c: ID!) { jurisdiction(code: $c) { name } } query Two { __typename }',
      variables: JSON.stringify({ c: '440300' }),
      operationName: 'One',
    });
    const res = await fetch(`${server.url}/graphql?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
    const json = (await res.json()) as GraphQLBody;
    expect(res.status).toBe(200);
    expect(json.data).toEqual({ jurisdiction: { name: '深圳市' } });
  });

  // A GET must not change anything: Apollo refuses mutations over GET with 405 and `Allow: POST`, even
  // with a valid write token, before running them.
  it('refuses a mutation sent over GET with 405, even with a write token, and stores nothing', async () => {
    const before = await server.api.dataSource.query('SELECT COUNT(*) AS n FROM report');
    const mutation =
      'mutation { importReport(input: { content: "深圳市人民政府2022年政府信息公开工作年度报告", contentEncoding: UTF8 }) { outcome } }';
    const res = await fetch(`${server.url}/graphql?${new URLSearchParams({ query: mutation })}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${WRITE_TOKEN}` },
    });
    const json = (await res.json()) as GraphQLBody;
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(json.errors?.[0].message).toMatch(/GET requests only support query operations, not mutation operations/);
    expect(json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(await server.api.dataSource.query('SELECT COUNT(*) AS n FROM report')).toEqual(before);
  });
});

describe('the IDE', () => {
  const attributeUrls = (html: string): string[] => [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);

  it('serves HTML whose scripts and stylesheets are all same-origin', async () => {
    const res = await fetch(`${server.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<div id="ide">');
    const urls = attributeUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
      expect(url).toMatch(/^\/(?!\/)/);
    }
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  });

  it('serves every /ide/ asset the page references with a JS or CSS content type', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const assets = attributeUrls(html).filter((url) => url.startsWith('/ide/'));
    expect(assets.sort()).toEqual(['/ide/graphiql.css', '/ide/graphiql.js', '/ide/react-dom.js', '/ide/react.js']);
    for (const asset of assets) {
      const res = await fetch(`${server.url}${asset}`);
      const body = await res.text();
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      const expected = asset.endsWith('.css') ? /^text\/css/ : /^(?:application|text)\/javascript/;
      expect(res.headers.get('content-type')).toMatch(expected);
      expect(body.length).toBeGreaterThan(1000);
    }
  });

  it('answers 404 for an unknown /ide/ asset', async () => {
    const res = await fetch(`${server.url}/ide/nope.js`);
    await res.text();
    expect(res.status).toBe(404);
  });
});

describe('GET /healthz', () => {
  it('answers {status:"ok"}', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
