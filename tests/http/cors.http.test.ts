import { getGraphQL, postGraphQL, startLimitsServer, type LimitsServer } from '../support/limits-server';

/**
 * CORS (OGI_CORS_ORIGINS) is Express middleware in front of Apollo's Express integration on /graphql
 * and of the CSV exports: its headers on a /graphql answer show that middleware reaches GraphQL.
 */
const ORIGIN = 'http://dash.example.test';
const TYPENAME = { query: '{ __typename }' };

describe('with OGI_CORS_ORIGINS=* (the default)', () => {
  let server: LimitsServer;
  beforeAll(async () => {
    server = await startLimitsServer();
  }, 60000);
  afterAll(() => server?.close(), 60000);

  it('a GET /graphql answer carries the headers set by the CORS middleware', async () => {
    const res = await getGraphQL(server.url, TYPENAME, { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/\bETag\b/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a POST /graphql answer too, errors included', async () => {
    const ok = await postGraphQL(server.url, TYPENAME, { origin: ORIGIN });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await postGraphQL(server.url, { query: '{ nope' }, { origin: ORIGIN });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a preflight of /graphql with 204: GET and POST, Content-Type and Authorization allowed', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(await res.text()).toBe('');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'if-none-match']));
  });

  it('applies to the CSV exports, preflight included', async () => {
    const res = await fetch(`${server.url}/export/indicators.csv`, { headers: { origin: ORIGIN } });
    expect(await res.text()).toContain('code');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Content-Disposition/);
    const preflight = await fetch(`${server.url}/export/cells.csv`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    await preflight.text();
    expect(preflight.status).toBe(204);
  });

  it('leaves other routes alone', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { origin: ORIGIN } });
    await res.text();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('with a list of origins', () => {
  let server: LimitsServer;
  beforeAll(async () => {
    server = await startLimitsServer({ config: { corsOrigins: [ORIGIN, 'https://other.example.test'] } });
  }, 60000);
  afterAll(() => server?.close(), 60000);

  it('echoes a listed origin, with Vary: Origin', async () => {
    const res = await getGraphQL(server.url, TYPENAME, { origin: ORIGIN });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/i);
  });

  it('gives no CORS headers to another origin (the browser keeps the answer from its page), and still answers', async () => {
    const res = await getGraphQL(server.url, TYPENAME, { origin: 'http://evil.example.test' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example.test', 'access-control-request-method': 'POST' },
    });
    await preflight.text();
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
