import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_DIR } from '../../src/ingestion/bundled-reports.loader';
import { encodeCursor } from '../../src/pagination';
import { ReportEntity } from '../../src/reports/report.entity';
import { createTestApi, WRITE_TOKEN, type TestApi } from '../support/api';

/**
 * Bad input the database must never see: malformed cursors, text with NUL (PostgreSQL refuses it,
 * SQLite would store it), text longer than any real value, source URLs that are not http(s). Each
 * is BAD_USER_INPUT with a message naming the argument, identical on SQLite and PostgreSQL (this file
 * runs in both jest projects), and stores nothing.
 */
let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
}, 60000);
afterAll(() => api?.close());

const raw = (text: string) => Buffer.from(text).toString('base64url');

const JURISDICTIONS_AFTER = 'query($a: String) { jurisdictions(level: PROVINCE, first: 2, after: $a) { edges { node { code } } } }';
const REPORTS_AFTER = 'query($a: String) { reports(first: 2, after: $a) { edges { node { id } } } }';

it.each([
  ['not base64url', JURISDICTIONS_AFTER, '!!not a cursor!!'],
  ['another prefix', JURISDICTIONS_AFTER, raw('x:440000')],
  ['a key of the wrong shape', JURISDICTIONS_AFTER, raw("c:44' OR 1=1 --")],
  ['NUL inside', JURISDICTIONS_AFTER, raw('c:44\u00000000')],
  ['a megabyte long', JURISDICTIONS_AFTER, 'A'.repeat(1_000_000)],
  ['a report cursor with text', REPORTS_AFTER, raw('c:abc')],
  ['a report cursor past any integer', REPORTS_AFTER, raw('c:99999999999999999999999')],
  ['a report cursor with a sign', REPORTS_AFTER, raw('c:-1')],
  ['a jurisdiction cursor on reports', REPORTS_AFTER, encodeCursor('44000X')],
])('a malformed cursor (%s) is BAD_USER_INPUT', async (_name, query, after) => {
  const errors = await api.errorsOf(query, { a: after });
  expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
  expect(errors[0].message.length).toBeLessThan(400);
});

it('a cursor from the API still pages', async () => {
  const first = await api.execute<{ jurisdictions: { edges: { node: { code: string } }[] } }>(JURISDICTIONS_AFTER, { a: null });
  const next = await api.execute<{ jurisdictions: { edges: { node: { code: string } }[] } }>(JURISDICTIONS_AFTER, {
    a: encodeCursor(first.jurisdictions.edges[1].node.code),
  });
  expect(next.jurisdictions.edges[0].node.code > first.jurisdictions.edges[1].node.code).toBe(true);
});

it.each([
  ['search', '{ jurisdictions(search: "罗湖\\u0000") { totalCount } }'],
  ['indicator search', '{ indicators(search: "过程\\u0000") { code } }'],
  [
    'an indicator code',
    '{ cells(jurisdictions: { codes: ["440300"] }, indicators: ["applications.new.total\\u0000"], years: { from: 2022, to: 2022 }) { value } }',
  ],
  ['a jurisdiction code', '{ jurisdiction(code: "4403\\u000000") { name } }'],
  ['a report id', '{ report(id: "1\\u0000") { id } }'],
])('text with NUL (%s) is BAD_USER_INPUT', async (_name, query) => {
  const errors = await api.errorsOf(query);
  expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('NUL') })]);
});

it.each([
  ['search', 'query($t: String) { jurisdictions(search: $t) { totalCount } }', 'search'],
  ['a code', 'query($t: ID!) { jurisdiction(code: $t) { name } }', 'code'],
  [
    'a selector code',
    'query($t: ID!) { cells(jurisdictions: { childrenOf: $t }, indicators: ["applications.new.total"], years: { from: 2022, to: 2022 }) { value } }',
    'jurisdictions.childrenOf',
  ],
])('over-long text (%s) is BAD_USER_INPUT naming the argument, without echoing it', async (_name, query, argument) => {
  const errors = await api.errorsOf(query, { t: '深'.repeat(50_000) });
  expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
  expect(errors[0].message).toContain(argument);
  expect(errors[0].message.length).toBeLessThan(400);
});

describe('imports', () => {
  const content = readFileSync(path.join(BUNDLED_DIR, 'pingtan-2022.src.txt'), 'utf8');
  const IMPORT =
    'mutation($c: String!, $url: String, $organ: String) { importReport(input: { content: $c, jurisdiction: "350128", year: 2022, sourceUrl: $url, organ: $organ }) { outcome } }';
  const auth = { authorization: `Bearer ${WRITE_TOKEN}` };
  const stored = () => api.dataSource.getRepository(ReportEntity).count();

  it.each([
    ['javascript:', { url: 'javascript:alert(1)' }],
    ['a formula', { url: '=HYPERLINK("http://evil.example","x")' }],
    ['ftp', { url: 'ftp://example.org/report.pdf' }],
    ['a relative path', { url: '/zwgk/report.htm' }],
    ['spaces', { url: 'https://www.pingtan.gov.cn/a b.htm' }],
    ['too long', { url: `https://www.pingtan.gov.cn/${'a'.repeat(2_100)}` }],
    ['an organ too long', { organ: '平潭综合实验区'.repeat(40) }],
    ['an organ with a control character', { organ: '平潭综合实验区\u0007教育局' }],
  ])('refuses %s with BAD_USER_INPUT and stores nothing', async (_name, variables) => {
    const before = await stored();
    const errors = await api.errorsOf(IMPORT, { c: content, ...variables }, auth);
    expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
    expect(await stored()).toBe(before);
  });

  it('takes an https source URL', async () => {
    const data = await api.execute<{ importReport: { outcome: string } }>(
      IMPORT,
      { c: content, url: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm' },
      auth,
    );
    expect(data.importReport.outcome).toBe('IMPORTED');
  });
});
