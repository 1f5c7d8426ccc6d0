import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/data-source';
import { readDataVersion } from '../../src/data-version/data-version';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import { matchesETag } from '../../src/http/http-cache.plugin';
import { WRITE_TOKEN } from '../support/api';
import { FIXTURES } from '../support/fixtures';
import { getGraphQL, postGraphQL, startLimitsServer, type LimitsServer } from '../support/limits-server';

/**
 * HTTP caching: GET queries carry an ETag derived from the data version stored in the database, a
 * matching If-None-Match gets 304 without running the query, and every stored report changes the
 * version. Two servers on one database (replicas) give the same ETags.
 */
const QUERY = '{ reports(jurisdiction: "350128") { totalCount edges { node { year revision } } } }';
const IMPORT =
  'mutation($c: String!, $dry: Boolean!) { importReport(input: { content: $c, contentEncoding: UTF8, jurisdiction: "350128", dryRun: $dry }) { outcome reportId } }';
const report = (name: string) => readFileSync(path.join(FIXTURES, 'complete', name), 'utf8');
/** Ours: `W/"<data version>-<tag>"` (Express's own body-hash ETags are switched off). */
const OUR_ETAG = /^W\/"\d+-[\w-]{12}"$/;
const auth = { authorization: `Bearer ${WRITE_TOKEN}` };

let server: LimitsServer;
beforeAll(async () => {
  server = await startLimitsServer({ config: { cacheMaxAgeSeconds: 30, maxCost: 20_000 } });
}, 60000);
afterAll(() => server?.close(), 60000);

async function importReport(content: string, dryRun = false): Promise<string> {
  const { json } = await postGraphQL(server.url, { query: IMPORT, variables: { c: content, dry: dryRun } }, auth);
  expect(json.errors).toBeUndefined();
  return (json.data?.importReport as { outcome: string }).outcome;
}

describe('GET queries', () => {
  it('carry Cache-Control and an ETag made of the data version; a matching If-None-Match gets 304 with no body', async () => {
    const first = await getGraphQL(server.url, { query: QUERY });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30, must-revalidate');
    expect(first.headers.get('vary')).toMatch(/accept/i);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(new RegExp(`^W/"${await readDataVersion(server.dataSource)}-[\\w-]{12}"$`));

    const again = await getGraphQL(server.url, { query: QUERY }, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=30, must-revalidate');

    const other = await getGraphQL(server.url, { query: QUERY }, { 'if-none-match': 'W/"0-somethingelse"' });
    expect(other.status).toBe(200);
    expect(JSON.parse(other.text)).toEqual(JSON.parse(first.text));
  });

  it('a refused query is never answered 304, even with the current ETag (the ETag is the same for every query)', async () => {
    const { headers } = await getGraphQL(server.url, { query: '{ __typename }' });
    const etag = headers.get('etag') as string;
    const costly =
      '{ cells(jurisdictions: { level: COUNTY }, indicators: ["applications.new.total"], years: { from: 2014, to: 2024 }) { value } }';
    const refused = await getGraphQL(server.url, { query: costly }, { 'if-none-match': etag });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(refused.headers.get('etag')).toBeNull();
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('a 304 costs one statement (the data version) and runs no resolver', async () => {
    const { headers } = await getGraphQL(server.url, { query: QUERY });
    server.statements.length = 0;
    const res = await getGraphQL(server.url, { query: QUERY }, { 'if-none-match': headers.get('etag') as string });
    expect(res.status).toBe(304);
    const statements = [...server.statements];
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/data_version/);
  });

  it('every stored report changes the ETag; a dry run or an unchanged re-import does not', async () => {
    const etagNow = async () => (await getGraphQL(server.url, { query: QUERY })).headers.get('etag');
    const v0 = await etagNow();
    expect(await importReport(report('pingtan-2022.src.txt'), true)).toBe('DRY_RUN');
    expect(await etagNow()).toBe(v0);

    expect(await importReport(report('pingtan-2022.src.txt'))).toBe('IMPORTED');
    const v1 = await etagNow();
    expect(v1).not.toBe(v0);
    const stale = await getGraphQL(server.url, { query: QUERY }, { 'if-none-match': v0 as string });
    expect(stale.status).toBe(200);
    expect(stale.text).toContain('"totalCount":1');

    expect(await importReport(report('pingtan-2022.src.txt'))).toBe('UNCHANGED');
    expect(await etagNow()).toBe(v1);

    expect(await importReport(report('pingtan-2022.src.txt').replace('2022年', '2022年 '))).toBe('NEW_REVISION');
    expect(await etagNow()).not.toBe(v1);
  });

  it('a response with errors is not cacheable', async () => {
    const res = await getGraphQL(server.url, { query: '{ jurisdiction(code: "44030") { name } }' });
    expect(res.text).toContain('BAD_USER_INPUT');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag') ?? '').not.toMatch(OUR_ETAG);
  });
});

describe('POST and mutations', () => {
  it('are never cached: Cache-Control no-store, and If-None-Match is ignored', async () => {
    const etag = (await getGraphQL(server.url, { query: QUERY })).headers.get('etag') as string;
    const post = await postGraphQL(server.url, { query: QUERY }, { 'if-none-match': etag });
    expect(post.status).toBe(200);
    expect(post.headers.get('cache-control')).toBe('no-store');
    expect(post.headers.get('etag') ?? '').not.toMatch(OUR_ETAG);

    const mutation = await postGraphQL(server.url, { query: IMPORT, variables: { c: report('pingtan-2021.src.txt'), dry: true } }, auth);
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });
});

describe('replicas on one database', () => {
  it('give the same ETag, and both see an import made through either', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ogi-cache-'));
    const file = path.join(dir, 'shared.sqlite');
    const open = async () => {
      const dataSource = createDataSource({ type: 'sqlite', path: file });
      await dataSource.initialize();
      await dataSource.runMigrations();
      return dataSource;
    };
    const first = await open();
    await ensureReferenceData(first);
    const second = await open();
    const a = await startLimitsServer({ dataSource: first });
    const b = await startLimitsServer({ dataSource: second });
    try {
      const etags = async () => [
        (await getGraphQL(a.url, { query: QUERY })).headers.get('etag'),
        (await getGraphQL(b.url, { query: QUERY })).headers.get('etag'),
      ];
      const [a0, b0] = await etags();
      expect(a0).toBe(b0);
      const { json } = await postGraphQL(a.url, { query: IMPORT, variables: { c: report('pingtan-2024.src.txt'), dry: false } }, auth);
      expect(json.data?.importReport).toMatchObject({ outcome: 'IMPORTED' });
      const [a1, b1] = await etags();
      expect(a1).toBe(b1);
      expect(b1).not.toBe(b0);
      expect(await getGraphQL(b.url, { query: QUERY }, { 'if-none-match': b0 as string })).toMatchObject({ status: 200 });
    } finally {
      await a.close();
      await b.close();
      await first.destroy();
      await second.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('matchesETag', () => {
  it.each([
    [undefined, false],
    ['W/"3-abc"', true],
    ['"3-abc"', true],
    ['W/"2-abc", W/"3-abc"', true],
    ['*', true],
    ['W/"4-abc"', false],
  ])('If-None-Match %s → %s', (header, expected) => {
    expect(matchesETag(header, 'W/"3-abc"')).toBe(expected);
  });
});
