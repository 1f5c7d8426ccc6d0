import { copyFileSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_DIR } from '../../src/ingestion/bundled-reports.loader';
import { post, startAbuseServer, type AbuseServer } from '../support/abuse-server';

/**
 * The SQLite file pulled from under a running server: its directory removed, or the file replaced by
 * another. The server still holds the old file open (its inode lives on until closed), so reads go on
 * and writes would succeed into a file nobody will open again. Instead /readyz says 503 (a generic
 * reason for anonymous callers, the details for a write token) and imports are refused with 503
 * DATABASE_UNAVAILABLE, storing nothing.
 */
const TOKEN = 'vanished-test-token-0123456789';
const IMPORT =
  'mutation($c: String!, $organ: String!) { importReport(input: { content: $c, organ: $organ, jurisdiction: "350128", year: 2022 }) { outcome } }';
// Content of its own (the bundled report itself is stored already: importing it under another organ would correct it).
const content = `${readFileSync(path.join(BUNDLED_DIR, 'pingtan-2022.src.txt'), 'utf8')}\n（本文件为测试副本）\n`;
const auth = { authorization: `Bearer ${TOKEN}` };

async function readyz(server: AbuseServer, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/readyz`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as { status: string; reasons?: string[] } };
}

const reportCount = async (server: AbuseServer) =>
  ((await post(server, { query: '{ reports(first: 1) { totalCount } }' })).json.data as { reports: { totalCount: number } }).reports
    .totalCount;

describe.each([
  ['its directory removed', (file: string) => rmSync(path.dirname(file), { recursive: true, force: true }), /is gone/],
  [
    'the file replaced by a copy',
    (file: string) => {
      copyFileSync(file, `${file}.copy`);
      renameSync(`${file}.copy`, file);
    },
    /was replaced/,
  ],
])('the database file %s', (_name, vanish, reason) => {
  let server: AbuseServer;
  beforeAll(async () => {
    server = await startAbuseServer({ OGI_WRITE_TOKENS: TOKEN });
  }, 180_000);
  afterAll(() => server?.stop(), 30_000);

  it('is ready and takes imports before', async () => {
    expect((await readyz(server)).status).toBe(200);
    const imported = await post(server, { query: IMPORT, variables: { c: content, organ: '平潭综合实验区教育局' } }, auth);
    expect(imported.json.data).toEqual({ importReport: { outcome: 'IMPORTED' } });
  });

  it('then: /readyz 503 (generic reason, details with a token), imports refused with 503 DATABASE_UNAVAILABLE and nothing stored', async () => {
    const before = await reportCount(server);
    vanish(server.databasePath);
    const anonymous = await readyz(server);
    expect(anonymous).toEqual({ status: 503, body: { status: 'unavailable', reasons: ['the database is not available'] } });
    const trusted = await readyz(server, auth);
    expect(trusted.body.reasons?.[0]).toMatch(reason);

    const refused = await post(server, { query: IMPORT, variables: { c: `${content}\n`, organ: '平潭综合实验区公安局' } }, auth);
    expect(refused.status).toBe(503);
    expect(refused.json.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(await reportCount(server)).toBe(before);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await health.text();
  });
});
