import http from 'node:http';
import type { Services } from '../../src/context';
import { storeReport } from '../support/factories';
import { capturingLogger, startLimitsServer, type LimitsServer, type LogLine } from './limits-server';

/**
 * Prepared operations (src/http/prepared-operations.ts) answer repeated query POSTs without Apollo's
 * pipeline. Every request here goes to a server with them, twice (the first answer teaches it the
 * operation, the second may come from the prepared path), and once to a server without them, on the
 * same database: status, headers and body must be the same byte for byte, and so must the log lines.
 * Each case also says whether the prepared path must answer its second request or leave it to Apollo.
 */
const CELLS = 'query Cells($codes: [ID!]!, $indicators: [ID!]!, $from: Int!, $to: Int!) { cells(jurisdictions: { codes: $codes }, indicators: $indicators, years: { from: $from, to: $to }, measure: OWN) { jurisdiction { code name } indicator { code unit } year value status } }';
const GOOD = { codes: ['440300'], indicators: ['applications.new.total', 'outcome.total.total'], from: 2021, to: 2022 };
const TWO_OPERATIONS = 'query A { jurisdiction(code: "440300") { name } } query B($code: ID!) { jurisdiction(code: $code) { code level parent { code } } }';
const CHILDREN = '{ jurisdiction(code: "440300") { name children { code name } } }';
/** Two levels of children: a field resolver runs after the first lookup, and sees the deadline passed. */
const GRANDCHILDREN = '{ jurisdiction(code: "440000") { name children { code children { code } } } }';

/**
 * While set, children lookups take that long (the time limit is 1 s: wide margins on a shared machine,
 * where a few hundred milliseconds of scheduling delay are common), and are counted.
 */
let slowChildrenMs = 0;
let slowLookups = 0;
const patch = (services: Services) => {
  const childrenOf = services.jurisdictions.childrenOf.bind(services.jurisdictions);
  services.jurisdictions.childrenOf = async (codes) => {
    if (slowChildrenMs > 0) {
      slowLookups += 1;
      await new Promise((resolve) => setTimeout(resolve, slowChildrenMs));
    }
    return childrenOf(codes);
  };
};

let prepared: LimitsServer;
let plain: LimitsServer;
const preparedLog = capturingLogger();
const plainLog = capturingLogger();

beforeAll(async () => {
  const seed = async (dataSource: Parameters<typeof storeReport>[0]) => {
    for (const [jurisdiction, organ] of [
      ['440303', '罗湖区人民政府'],
      ['440300', '深圳市人民政府'],
    ]) {
      for (const year of [2021, 2022]) {
        await storeReport(dataSource, { jurisdiction, year, organ, values: { 'applications.new.total': year - 2000, 'outcome.total.total': 12 } });
      }
    }
  };
  prepared = await startLimitsServer({ seed, patch, logger: preparedLog, config: { requestTimeoutMs: 1_000, maxCost: 5_000 } });
  plain = await startLimitsServer({ dataSource: prepared.dataSource, patch, logger: plainLog, config: { requestTimeoutMs: 1_000, maxCost: 5_000 }, preparedOperations: false });
}, 60000);
afterAll(async () => {
  await plain?.close();
  await prepared?.close();
}, 60000);

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One POST over node:http (no headers but those given and Content-Length), the answer as it came. */
function post(server: LimitsServer, body: string, headers: Record<string, string>): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body, 'utf8');
    const request = http.request(`${server.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-length': String(bytes.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const headers = { ...response.headers };
        delete headers.date;
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end(bytes);
  });
}

/** Log lines without their timing. */
const comparable = (lines: LogLine[]) => lines.map(({ level, message, fields: { durationMs: _ms, ...fields } }) => ({ level, message, fields }));

const JSON_TYPE = { 'content-type': 'application/json' };
type Body = Record<string, unknown>;
/** Name, the first body, the second body (the one compared), headers, whether the prepared path answers the second. */
const CASES: [string, Body, Body, Record<string, string>, boolean][] = [
  ['cells with variables', { query: CELLS, variables: GOOD }, { query: CELLS, variables: GOOD }, JSON_TYPE, true],
  ['the same operation with other variables', { query: CELLS, variables: GOOD }, { query: CELLS, variables: { ...GOOD, codes: ['440303', '440300'], from: 2022 } }, JSON_TYPE, true],
  ['operationName picks one of two operations', { query: TWO_OPERATIONS, operationName: 'B', variables: { code: '440303' } }, { query: TWO_OPERATIONS, operationName: 'B', variables: { code: '440000' } }, JSON_TYPE, true],
  ['the other operation of the document (not yet answered by Apollo)', { query: TWO_OPERATIONS, operationName: 'B', variables: { code: '440303' } }, { query: TWO_OPERATIONS, operationName: 'A' }, JSON_TYPE, false],
  ['variables null, operationName null, an unknown key', { query: CHILDREN }, { query: CHILDREN, variables: null, operationName: null, other: 1 }, JSON_TYPE, true],
  ['no Accept header', { query: '{ jurisdiction(code: "440303") { name } }' }, { query: '{ jurisdiction(code: "440303") { name } }' }, { 'content-type': 'application/json; charset=utf-8' }, true],
  ['Accept: application/graphql-response+json', { query: '{ __typename }' }, { query: '{ __typename }' }, { ...JSON_TYPE, accept: 'application/graphql-response+json' }, true],
  ['Accept: graphql-response+json preferred over json', { query: '{ __typename }' }, { query: '{ __typename }' }, { ...JSON_TYPE, accept: 'application/json;q=0.9, application/graphql-response+json' }, true],
  ['Accept: */*', { query: '{ __typename }' }, { query: '{ __typename }' }, { ...JSON_TYPE, accept: '*/*' }, true],
  ['Accept that Apollo refuses (406)', { query: '{ __typename }' }, { query: '{ __typename }' }, { ...JSON_TYPE, accept: 'text/html' }, false],
  ['introspection', { query: '{ __schema { queryType { name } } __type(name: "Cell") { name } }' }, { query: '{ __schema { queryType { name } } __type(name: "Cell") { name } }' }, JSON_TYPE, true],
  ['variables of the wrong type', { query: CELLS, variables: GOOD }, { query: CELLS, variables: { ...GOOD, from: 'last year' } }, JSON_TYPE, false],
  ['a missing variable', { query: CELLS, variables: GOOD }, { query: CELLS, variables: { codes: ['440300'] } }, JSON_TYPE, false],
  ['variables as a string', { query: CELLS, variables: GOOD }, { query: CELLS, variables: JSON.stringify(GOOD) }, JSON_TYPE, false],
  ['a resolver error (unknown indicator)', { query: CELLS, variables: GOOD }, { query: CELLS, variables: { ...GOOD, indicators: ['no.such.code'] } }, JSON_TYPE, false],
  ['a resolver error (years reversed)', { query: CELLS, variables: GOOD }, { query: CELLS, variables: { ...GOOD, from: 2023, to: 2021 } }, JSON_TYPE, false],
  ['variables over the cost limit', { query: CELLS, variables: GOOD }, { query: CELLS, variables: { ...GOOD, codes: ['440300', '440303', '440304', '440305', '440306', '440307', '440308', '440309', '440310', '440311'], from: 2000, to: 2100 } }, JSON_TYPE, false],
  ['extensions', { query: '{ __typename }' }, { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }, JSON_TYPE, false],
  ['operationName ""', { query: '{ __typename }' }, { query: '{ __typename }', operationName: '' }, JSON_TYPE, false],
  ['an operationName that is not a string', { query: '{ __typename }' }, { query: '{ __typename }', operationName: 3 }, JSON_TYPE, false],
  ['a mutation is never prepared', { query: 'mutation { importReport(input: { content: "x", fileName: "a.txt" }) { outcome } }' }, { query: 'mutation { importReport(input: { content: "x", fileName: "a.txt" }) { outcome } }' }, JSON_TYPE, false],
  ['a document that failed validation is never prepared', { query: '{ nope }' }, { query: '{ nope }' }, JSON_TYPE, false],
];

describe('a repeated request gets the answer Apollo Server would give', () => {
  it.each(CASES)('%s', async (_name, first, second, headers, answeredHere) => {
    preparedLog.lines.length = 0;
    plainLog.lines.length = 0;
    const teach = await post(prepared, JSON.stringify(first), headers);
    const reference = await post(plain, JSON.stringify(first), headers);
    expect(teach).toEqual(reference);

    const before = prepared.app.prepared!.answered;
    const answer = await post(prepared, JSON.stringify(second), headers);
    expect(prepared.app.prepared!.answered).toBe(before + (answeredHere ? 1 : 0));
    expect(answer).toEqual(await post(plain, JSON.stringify(second), headers));
    expect(comparable(preparedLog.lines)).toEqual(comparable(plainLog.lines));
  });
});

describe('time limit', () => {
  afterEach(() => {
    slowChildrenMs = 0;
  });

  it('a prepared operation that runs past the deadline gets Apollo’s single REQUEST_TIMEOUT answer (503), without running again', async () => {
    const body = JSON.stringify({ query: GRANDCHILDREN });
    expect((await post(prepared, body, JSON_TYPE)).status).toBe(200);
    slowChildrenMs = 2_000;
    slowLookups = 0;
    const before = prepared.app.prepared!.answered;
    const answer = await post(prepared, body, JSON_TYPE);
    expect(prepared.app.prepared!.answered).toBe(before);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
    // Apollo got the request's context, deadline passed: it stopped at its first resolver, no second slow lookup.
    expect(slowLookups).toBe(1);
    expect(answer).toEqual(await post(plain, body, JSON_TYPE));
  });

  it('a prepared operation that fails after spending part of the time limit gets the answer Apollo alone gives (its errors, not a timeout)', async () => {
    const query = 'query S($from: Int!, $to: Int!) { jurisdiction(code: "440000") { name children { code children { code } } series(indicators: ["applications.new.total"], years: { from: $from, to: $to }) { measure } } }';
    expect((await post(prepared, JSON.stringify({ query, variables: { from: 2021, to: 2022 } }), JSON_TYPE)).status).toBe(200);
    // Two levels of lookups: the second starts well within the limit, the whole run ends past it.
    slowChildrenMs = 600;
    const body = JSON.stringify({ query, variables: { from: 2023, to: 2021 } });
    const before = prepared.app.prepared!.answered;
    const answer = await post(prepared, body, JSON_TYPE);
    expect(prepared.app.prepared!.answered).toBe(before);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer).toEqual(await post(plain, body, JSON_TYPE));
  });
});

describe('what is remembered', () => {
  it('forgets nothing it needs: every request still reads the database (an import shows at once)', async () => {
    const query = JSON.stringify({ query: CELLS, variables: { ...GOOD, codes: ['440304'], from: 2023, to: 2023 } });
    const empty = JSON.parse((await post(prepared, query, JSON_TYPE)).body);
    expect(empty.data.cells[0].status).toBe('MISSING');
    await storeReport(prepared.dataSource, { jurisdiction: '440304', year: 2023, organ: '福田区人民政府', values: { 'applications.new.total': 7 } });
    const before = prepared.app.prepared!.answered;
    const after = JSON.parse((await post(prepared, query, JSON_TYPE)).body);
    expect(prepared.app.prepared!.answered).toBe(before + 1);
    expect(after.data.cells[0]).toMatchObject({ value: 7, status: 'VALUE' });
  });
});
