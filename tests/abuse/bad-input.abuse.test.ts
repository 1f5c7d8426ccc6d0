import { logLines, post, postRaw, startAbuseServer, type AbuseServer } from '../support/abuse-server';

/**
 * Bad input over HTTP, as a hostile client sends it: variables nested thousands of levels deep (in a
 * variable the operation uses, in one it does not, over GET), text with NUL, text of megabytes,
 * malformed cursors. Each is 400 BAD_USER_INPUT, costs one log line (the request's, with its error
 * code) and no stack trace, and the server goes on answering.
 */
let server: AbuseServer;
beforeAll(async () => {
  server = await startAbuseServer({ OGI_LOG_LEVEL: 'info' });
}, 180_000);
afterAll(() => server?.stop(), 30_000);

/** JSON text of a value nested `depth` levels (lists and objects in turn), written out: JSON.stringify itself would overflow. */
function nested(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 === 0 ? '[' : '{"a":';
    close = (i % 2 === 0 ? ']' : '}') + close;
  }
  return `${open}"440300"${close}`;
}

const CELLS =
  'query($j: JurisdictionSelector!, $c: [ID!]!) { cells(jurisdictions: $j, indicators: $c, years: { from: 2022, to: 2022 }) { value } }';

const q = JSON.stringify;
const INDICATORS = '"c":["applications.new.total"]';

// Refused before execution: 400; by a resolver during execution (a cursor): 200 with `data: null`, as any field error.
it.each([
  ['deeply nested variables the operation uses', `{"query":${q(CELLS)},"variables":{"j":{"codes":${nested(10_000)}},${INDICATORS}}}`, 400],
  ['deeply nested variables it does not use', `{"query":"{ __typename }","variables":{"unused":${nested(50_000)}}}`, 400],
  ['an input object nested in itself', `{"query":${q(CELLS)},"variables":{"j":${nested(5_001)},${INDICATORS}}}`, 400],
  ['NUL in a code', q({ query: CELLS, variables: { j: { codes: ['440300\u0000'] }, c: ['applications.new.total'] } }), 400],
  ['a megabyte of text', q({ query: CELLS, variables: { j: { childrenOf: '4'.repeat(1_000_000) }, c: ['applications.new.total'] } }), 400],
  [
    'a malformed cursor',
    q({
      query: 'query($a: String) { reports(first: 2, after: $a) { totalCount } }',
      variables: { a: Buffer.from('c:1 OR 1=1').toString('base64url') },
    }),
    200,
  ],
])('%s: BAD_USER_INPUT, one log line, no stack', async (_name, body, status) => {
  const before = server.output().length;
  const answer = await postRaw(server, body);
  expect(answer.status).toBe(status);
  expect(answer.json.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  expect(answer.text.length).toBeLessThan(2_000);
  // The server writes its info lines once per turn of its event loop: wait for this request's, then a little more.
  const deadline = performance.now() + 10_000;
  while (!server.output().slice(before).includes('"graphql request"') && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const written = server.output().slice(before).split('\n').filter(Boolean);
  expect(written).toHaveLength(1);
  expect(JSON.parse(written[0])).toMatchObject({ message: 'graphql request', status, errorCodes: ['BAD_USER_INPUT'] });
  expect(written[0]).not.toMatch(/\bat .*\.js:\d+/);
});

it('deeply nested variables in a GET: 400 BAD_USER_INPUT', async () => {
  // As deep as fits in a URL (node:http refuses longer request heads with 431 on its own).
  const search = new URLSearchParams({ query: '{ __typename }', variables: `{"unused":${nested(1_000)}}` });
  const res = await fetch(`${server.url}/graphql?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
  const json = (await res.json()) as { errors: { extensions: { code: string } }[] };
  expect(res.status).toBe(400);
  expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

it('the server answers as before afterwards, and logged no unexpected error', async () => {
  const answer = await post(server, { query: '{ jurisdiction(code: "440300") { name } }' });
  expect(answer.json).toEqual({ data: { jurisdiction: { name: '深圳市' } } });
  expect(logLines(server, 'unexpected error')).toEqual([]);
});
