import { serverAudits } from 'graphql-http';
import { startHttpServer, type HttpTestServer } from '../support/http';

/**
 * The GraphQL-over-HTTP conformance audits of the `graphql-http` package against the real server.
 *
 * Apollo Server's CSRF prevention (kept on) refuses a GET, or a POST with a "simple" content type, that
 * a browser would send cross-site without a preflight. The audits send plain GETs, so their fetch adds
 * `apollo-require-preflight: true` to every request, as a real non-browser client (or a browser client
 * configured for Apollo) does; the CSRF prevention itself is tested in graphql.http.test.ts.
 */
let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer('sqlite');
}, 60000);
afterAll(() => server?.close(), 60000);

const fetchWithPreflightHeader: typeof fetch = async (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('apollo-require-preflight', 'true');
  return fetch(input, { ...init, headers });
};

const audits = serverAudits({ url: () => `${server.url}/graphql`, fetchFn: fetchWithPreflightHeader });

describe('graphql-http server audits', () => {
  it('include MUST items', () => {
    expect(audits.filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });

  it.each(audits.filter((a) => a.name.startsWith('MUST')).map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') {
      const response = 'response' in result ? result.response : undefined;
      const body = response && !response.bodyUsed ? await response.text() : '';
      throw new Error(`${result.status}: ${result.reason} ${body}`);
    }
  });

  it('SHOULD and MAY items: recorded (not required)', async () => {
    const results = [];
    for (const audit of audits.filter((a) => !a.name.startsWith('MUST'))) {
      const result = await audit.fn();
      if ('response' in result && result.response && !result.response.bodyUsed) await result.response.text();
      results.push({ name: audit.name, status: result.status });
    }
    const notOk = results.filter((r) => r.status !== 'ok');
    console.log(`graphql-http: ${results.length - notOk.length}/${results.length} SHOULD/MAY items ok${notOk.map((r) => `\n  ${r.status}: ${r.name}`).join('')}`);
    expect(results.length).toBeGreaterThan(0);
  });
});
