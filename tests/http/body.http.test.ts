import http from 'node:http';
import { startHttpServer, type HttpTestServer } from '../support/http';

/**
 * POST /graphql bodies are read by express.json() in front of Apollo's Express integration, whether
 * they declare their length or come chunked: each body is sent both ways, and both must answer alike.
 */
let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer();
});
afterAll(() => server?.close());

function send(
  body: string,
  headers: Record<string, string>,
  chunked: boolean,
): Promise<{ status: number; text: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body, 'utf8');
    const request = http.request(
      `${server.url}/graphql`,
      { method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(bytes.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            type: response.headers['content-type'],
          }),
        );
      },
    );
    request.on('error', reject);
    if (chunked) request.setHeader('transfer-encoding', 'chunked');
    request.end(bytes);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const CASES: [string, string, Record<string, string>][] = [
  ['a query', JSON.stringify({ query: '{ jurisdiction(code: "440300") { name } }' }), JSON_TYPE],
  [
    'a query with charset=utf-8',
    JSON.stringify({ query: '{ indicator(code: "applications.new.total") { code } }' }),
    { 'content-type': 'application/json; charset=utf-8' },
  ],
  ['a query after a BOM', `\ufeff${JSON.stringify({ query: '{ __typename }' })}`, JSON_TYPE],
  ['an empty body', '', JSON_TYPE],
  ['white space only', ' \n\t ', JSON_TYPE],
  ['invalid JSON', '{"query": ', JSON_TYPE],
  ['a JSON string, not an object', '"{ __typename }"', JSON_TYPE],
  ['a JSON number', '42', JSON_TYPE],
  ['an array (batch, not enabled)', JSON.stringify([{ query: '{ __typename }' }]), JSON_TYPE],
  ['an object without a query', '{"variables": {}}', JSON_TYPE],
];

describe('a POST body gets the same answer from the lean reader and from express.json()', () => {
  it.each(CASES)('%s', async (_name, body, headers) => {
    const lean = await send(body, headers, false);
    const general = await send(body, headers, true);
    expect(lean).toEqual(general);
    expect(lean.type).toMatch(/^application\/(graphql-response\+)?json/);
  });

  it('answers a query with data (the common case works, not only its errors)', async () => {
    const lean = await send(JSON.stringify({ query: '{ jurisdiction(code: "440300") { name } }' }), JSON_TYPE, false);
    expect(lean.status).toBe(200);
    expect(JSON.parse(lean.text)).toEqual({ data: { jurisdiction: { name: '深圳市' } } });
  });

  it('answers invalid JSON with 400 BAD_REQUEST', async () => {
    const lean = await send('{"query": ', JSON_TYPE, false);
    expect(lean.status).toBe(400);
    expect(JSON.parse(lean.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
