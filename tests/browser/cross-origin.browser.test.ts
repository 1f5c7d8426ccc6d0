import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeBrowser, useBrowser, type Browser } from '../support/browser-tier';
import { startLimitsServer, type LimitsServer } from '../support/limits-server';

/**
 * A dashboard on another origin, in a real Chromium: a page served from a second local origin (another
 * port) reads the API by GET and POST (a preflighted JSON POST) and the CSV export, with the browser
 * enforcing CORS. The API lists that origin in OGI_CORS_ORIGINS; a page from a third origin, not
 * listed, is refused by the browser.
 */
const TIMEOUT = 60000;
jest.setTimeout(3 * TIMEOUT);

/** A page server: one empty HTML page, the origin scripts run from. */
async function startPageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><meta charset="utf-8"><title>dashboard</title><p>dashboard</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Read {
  get: { status: number; etag: string | null; cacheControl: string | null; body: unknown };
  post: { status: number; body: unknown };
  csv: { status: number; type: string | null; disposition: string | null; text: string };
}

/** What a script of `pageOrigin` reads from the API (errors as text: a refused CORS fetch throws). */
async function readFrom(browser: Browser, pageOrigin: string, api: string): Promise<Read | string> {
  const { page } = browser;
  await page.goto(`${pageOrigin}/`, { waitUntil: 'load', timeout: TIMEOUT });
  return page.evaluate(async (base) => {
    try {
      const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ jurisdiction(code: "440300") { name } }')}`);
      const post = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($c: ID!) { jurisdiction(code: $c) { name children { code } } }', variables: { c: '440300' } }),
      });
      const csv = await fetch(`${base}/export/indicators.csv`);
      return {
        get: { status: get.status, etag: get.headers.get('etag'), cacheControl: get.headers.get('cache-control'), body: await get.json() },
        post: { status: post.status, body: await post.json() },
        csv: {
          status: csv.status,
          type: csv.headers.get('content-type'),
          disposition: csv.headers.get('content-disposition'),
          text: await csv.text(),
        },
      };
    } catch (error) {
      return String(error);
    }
  }, api);
}

describeBrowser('a page on another origin, in Chromium', () => {
  let dashboard: Awaited<ReturnType<typeof startPageServer>>;
  let stranger: Awaited<ReturnType<typeof startPageServer>>;
  let server: LimitsServer;
  const tier = useBrowser(
    async () => {
      dashboard = await startPageServer();
      stranger = await startPageServer();
      server = await startLimitsServer({ config: { corsOrigins: [dashboard.origin] } });
    },
    async () => Promise.all([server?.close(), dashboard?.close(), stranger?.close()]),
  );

  it('reads /graphql by GET and POST and the CSV export from a listed origin', async () => {
    expect(new URL(dashboard.origin).port).not.toBe(new URL(server.url).port);
    const read = await readFrom(tier.browser, dashboard.origin, server.url);
    if (typeof read === 'string') throw new Error(`the page could not read the API: ${read}`);
    expect(read.get).toMatchObject({ status: 200, body: { data: { jurisdiction: { name: '深圳市' } } } });
    // Exposed to the script: it can revalidate with If-None-Match.
    expect(read.get.etag).toMatch(/^W\/"\d+-[\w-]{12}"$/);
    expect(read.get.cacheControl).toMatch(/must-revalidate/);
    expect(read.post.status).toBe(200);
    const post = read.post.body as { data: { jurisdiction: { name: string; children: { code: string }[] } } };
    expect(post.data.jurisdiction.name).toBe('深圳市');
    expect(post.data.jurisdiction.children.map((c) => c.code)).toContain('440303');
    expect(read.csv.status).toBe(200);
    expect(read.csv.type).toMatch(/^text\/csv/);
    expect(read.csv.disposition).toMatch(/attachment/);
    expect(read.csv.text).toContain('applications.new.total');
    expect(tier.browser.blockedRequests).toEqual([]);
  });

  it('keeps the answers from a page of an origin not listed', async () => {
    const read = await readFrom(tier.browser, stranger.origin, server.url);
    expect(read).toMatch(/TypeError|Failed to fetch/);
  });
});
