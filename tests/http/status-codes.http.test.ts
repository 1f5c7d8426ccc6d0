import { capturingLogger, postGraphQL, startLimitsServer, type LimitsServer } from '../support/limits-server';

/**
 * Statuses monitoring can read, as far as the GraphQL-over-HTTP spec allows: a refused write 401 or
 * 403 before it runs (no `data`), a lost answer 500, an answer too large 400 — each body keeping its
 * `extensions.code` — and 200 whenever `data` holds something (the spec's MUST for both media types).
 */
const RESPONSE_JSON = { accept: 'application/graphql-response+json' };
const IMPORT = { query: 'mutation { importReport(input: { content: "x", dryRun: true }) { outcome } }' };

describe('refused writes', () => {
  let open: LimitsServer;
  let closed: LimitsServer;
  beforeAll(async () => {
    open = await startLimitsServer();
    closed = await startLimitsServer({ config: { writeTokens: [] } });
  });
  afterAll(async () => {
    await open?.close();
    await closed?.close();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-0123456789' }],
    ['not a bearer token', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('%s: 401 UNAUTHENTICATED with WWW-Authenticate, before anything runs', async (_name, headers) => {
    for (const accept of [{}, RESPONSE_JSON]) {
      const { status, headers: answer, json } = await postGraphQL(open.url, IMPORT, { ...headers, ...accept });
      expect(status).toBe(401);
      expect(answer.get('www-authenticate')).toBe('Bearer realm="ogi-stats"');
      expect(json.data).toBeUndefined();
      expect(json.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
  });

  it('on a server that takes no writes: 403 FORBIDDEN, whatever the credentials', async () => {
    const { status, json } = await postGraphQL(closed.url, IMPORT, {
      authorization: 'Bearer test-write-token-0123456789',
      ...RESPONSE_JSON,
    });
    expect(status).toBe(403);
    expect(json.data).toBeUndefined();
    expect(json.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
  });
});

describe('unexpected errors', () => {
  let failing: LimitsServer;
  const logger = capturingLogger();
  beforeAll(async () => {
    failing = await startLimitsServer({
      logger,
      patch: (services) => {
        services.indicators.list = async () => {
          throw new Error('index corrupted at /var/lib/secret');
        };
        services.jurisdictions.findByCodes = async () => {
          throw new Error('index corrupted at /var/lib/secret');
        };
      },
    });
  });
  afterAll(() => failing?.close());

  it('500 when the answer is lost (data null), the code kept, the detail only in the log', async () => {
    for (const accept of [{}, RESPONSE_JSON]) {
      const { status, json } = await postGraphQL(failing.url, { query: '{ indicators { code } }' }, accept);
      expect(status).toBe(500);
      expect(json.data).toBeNull();
      expect(json.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(json)).not.toContain('secret');
    }
    expect(logger.lines.some((l) => l.level === 'error' && String(l.fields.error).includes('index corrupted'))).toBe(true);
  });

  it('200 when data survives beside the error (the spec requires 2xx when data is not null)', async () => {
    const { status, json } = await postGraphQL(
      failing.url,
      { query: '{ __typename jurisdiction(code: "440300") { name } }' },
      RESPONSE_JSON,
    );
    expect(status).toBe(200);
    expect(json.data).toEqual({ __typename: 'Query', jurisdiction: null });
    expect(json.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('answer size (OGI_MAX_RESPONSE_BYTES)', () => {
  let small: LimitsServer;
  beforeAll(async () => {
    small = await startLimitsServer({ config: { maxResponseBytes: 4096 } });
  });
  afterAll(() => small?.close());

  it('replaces an answer over the limit with one RESPONSE_TOO_LARGE error (400), not cached', async () => {
    const { status, headers, json } = await postGraphQL(small.url, { query: '{ indicators { code labelZh labelEn } }' });
    expect(status).toBe(400);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(json.data).toBeUndefined();
    expect(json.errors?.[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: 4096 });
    expect(json.errors?.[0].message).toMatch(/the limit is 4,096 \(OGI_MAX_RESPONSE_BYTES\)/);
  });

  it('lets a small answer through', async () => {
    const { status, json } = await postGraphQL(small.url, { query: '{ jurisdiction(code: "440300") { name } }' });
    expect(status).toBe(200);
    expect(json.data).toEqual({ jurisdiction: { name: '深圳市' } });
  });
});
