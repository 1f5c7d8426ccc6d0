import { execute, parse, getOperationAST, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CompiledOperations } from '../../src/http/compiled-execution';
import { guardResolvers } from '../../src/http/query-limits.plugin';
import { buildAppSchema } from '../../src/schema';
import { createTestApi, WRITE_TOKEN, type TestApi } from '../support/api';
import { storeReport } from '../support/factories';

/**
 * Operations run compiled (graphql-jit) inside the server; graphql-js is the reference. Each operation
 * here, good or bad, must give the same data and the same errors (message, path, locations, extensions)
 * both ways, on one schema and one request context.
 */
let api: TestApi;
let schema: GraphQLSchema;
let operations: CompiledOperations;
let compiled: (query: string, variables: Record<string, unknown>, headers?: Record<string, string>) => Promise<ExecutionResult>;
/** Whether the last document `compiled` ran was compiled by graphql-jit. */
let lastCompiled = false;

beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    for (const [jurisdiction, organ] of [
      ['440303', '罗湖区人民政府'],
      ['440304', '福田区人民政府'],
      ['440300', '深圳市人民政府'],
    ]) {
      for (const year of [2021, 2022]) {
        await storeReport(dataSource, {
          jurisdiction,
          year,
          organ,
          values: {
            'applications.new.total': year - 2000,
            'outcome.disclosed.total': 5,
            'outcome.partially_disclosed.total': 1,
            'outcome.total.total': jurisdiction === '440304' ? 0 : 12,
          },
        });
      }
    }
  });
  schema = await buildAppSchema();
  guardResolvers(schema);
  operations = new CompiledOperations(schema);
  const { executor } = await operations.gateway().load({ apollo: { key: undefined, keyHash: undefined, graphRef: undefined } as never });
  // A document runs compiled from its second run on (its first runs on graphql-js): the second is compared.
  compiled = async (query, variables, headers = {}) => {
    const document = parse(query);
    const run = async () =>
      (await executor!({
        document,
        request: { query, variables },
        context: api.app.contextFor(headers),
        operation: getOperationAST(document) ?? undefined,
      } as never)) as ExecutionResult;
    await run();
    const result = await run();
    // Whether graphql-jit compiled it (after two runs the document's entry is settled: no side effect).
    lastCompiled = operations.compiledFor(document, getOperationAST(document)?.name?.value) !== null;
    return result;
  };
});
afterAll(() => api.close());

const reference = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  (await execute({
    schema,
    document: parse(query),
    variableValues: variables,
    contextValue: api.app.contextFor(headers),
  })) as ExecutionResult;

const asJson = (result: ExecutionResult) =>
  JSON.parse(
    JSON.stringify({
      data: result.data,
      errors: result.errors?.map((e) => ({ message: e.message, path: e.path, locations: e.locations, extensions: e.extensions })),
    }),
  );

const CASES: [string, string, Record<string, unknown>, Record<string, string>?][] = [
  [
    'nested objects and lists',
    '{ jurisdiction(code: "440300") { code name level parent { code } children { code name } ancestors { code } } }',
    {},
  ],
  [
    'a connection',
    'query($f: Int!) { jurisdictions(level: PROVINCE, first: $f) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code name } } } }',
    { f: 3 },
  ],
  [
    'cells with every field',
    'query($j: JurisdictionSelector!, $i: [ID!]!) { cells(jurisdictions: $j, indicators: $i, years: { from: 2021, to: 2022 }, measure: ROLLUP) { jurisdiction { code } indicator { code unit } year value status reason yoy { previous absolute percent reason } coverage { expected reported complete missing { code } } reconciliation { difference } sources { organ year } } }',
    { j: { codes: ['440300', '440304'] }, i: ['applications.new.total', 'derived.disclosure_rate'] },
  ],
  [
    'a ranking with defaults',
    'query { ranking(indicator: "derived.disclosure_rate", year: 2022, among: { childrenOf: "440300" }) { rankedCount entries { rank percentile value cell { jurisdiction { name } } } unranked { status reason } } }',
    {},
  ],
  [
    'a matrix',
    '{ matrix(jurisdictions: { childrenOf: "440300" }, indicators: ["applications.new.total"], years: { from: 2021, to: 2022 }) { jurisdictions { code } years values statuses } }',
    {},
  ],
  [
    'series with fragments and aliases',
    'query { a: jurisdiction(code: "440303") { ...S } b: jurisdiction(code: "440304") { ...S } } fragment S on Jurisdiction { code series(indicators: ["applications.new.total"], years: { from: 2020, to: 2022 }) { indicator { code } cells { year value status } } }',
    {},
  ],
  [
    'reports with observations',
    '{ reports(first: 2) { edges { node { organ year observations(indicators: ["applications.new.total"]) { value status } consistency { identity status } } } } }',
    {},
  ],
  [
    'a resolver error (unknown indicator)',
    '{ cells(jurisdictions: { codes: ["440300"] }, indicators: ["no.such.code"], years: { from: 2022, to: 2022 }) { value } }',
    {},
  ],
  [
    'a resolver error inside a list (null bubbling)',
    '{ jurisdiction(code: "440300") { code series(indicators: ["applications.new.total"], years: { from: 2023, to: 2021 }) { measure } } }',
    {},
  ],
  ['a null for an unknown code', '{ jurisdiction(code: "999999") { code } }', {}],
  ['a malformed code', '{ jurisdiction(code: "44") { code } }', {}],
  ['a variable of the wrong type', 'query($c: ID!) { jurisdiction(code: $c) { code } }', { c: { code: '440300' } }],
  [
    'a missing required variable',
    'query($c: ID!, $y: Int!) { jurisdiction(code: $c) { code } ranking(indicator: "review.total", year: $y, among: { level: PROVINCE }) { rankedCount } }',
    { c: '440300' },
  ],
  [
    'an unknown input field',
    'query($j: JurisdictionSelector!) { cells(jurisdictions: $j, indicators: ["review.total"], years: { from: 2022, to: 2022 }) { value } }',
    { j: { codes: ['440300'], nope: 1 } },
  ],
  [
    'an enum value that does not exist',
    'query($m: Measure!) { cells(jurisdictions: { codes: ["440300"] }, indicators: ["review.total"], years: { from: 2022, to: 2022 }, measure: $m) { value } }',
    { m: 'SOMETIMES' },
  ],
  [
    'an Int out of range',
    'query($y: Int!) { ranking(indicator: "review.total", year: $y, among: { level: PROVINCE }) { rankedCount } }',
    { y: 2 ** 31 },
  ],
  [
    'a single value for a list variable (coerced to a list of one)',
    'query($i: [ID!]!) { cells(jurisdictions: { codes: ["440300"] }, indicators: $i, years: { from: 2022, to: 2022 }) { value } }',
    { i: 'applications.new.total' },
  ],
  [
    'a null inside a list of non-null',
    'query($i: [ID!]!) { cells(jurisdictions: { codes: ["440300"] }, indicators: $i, years: { from: 2022, to: 2022 }) { value } }',
    { i: ['applications.new.total', null] },
  ],
  [
    'a float for an Int',
    'query($y: Int!) { ranking(indicator: "review.total", year: $y, among: { level: PROVINCE }) { rankedCount } }',
    { y: 2022.5 },
  ],
  [
    'a numeric string for an Int',
    'query($y: Int!) { ranking(indicator: "review.total", year: $y, among: { level: PROVINCE }) { rankedCount } }',
    { y: '2022' },
  ],
  ['a number for an ID (accepted as its digits)', 'query($c: ID!) { jurisdiction(code: $c) { code } }', { c: 440300 }],
  ['a boolean for a String', 'query($s: String) { indicators(search: $s) { code } }', { s: true }],
  [
    'a wrong type inside an input object',
    'query($j: JurisdictionSelector!) { cells(jurisdictions: $j, indicators: ["review.total"], years: { from: 2022, to: 2022 }) { value } }',
    { j: { codes: '440300', level: 3 } },
  ],
  [
    'a list for an input object',
    'query($j: JurisdictionSelector!) { cells(jurisdictions: $j, indicators: ["review.total"], years: { from: 2022, to: 2022 }) { value } }',
    { j: [{ codes: ['440300'] }] },
  ],
  [
    'an enum given in lower case',
    'query($m: Measure!) { cells(jurisdictions: { codes: ["440300"] }, indicators: ["review.total"], years: { from: 2022, to: 2022 }, measure: $m) { value } }',
    { m: 'own' },
  ],
  ['a variable not declared (ignored)', 'query($c: ID!) { jurisdiction(code: $c) { code } }', { c: '440300', extra: 1 }],
  ['introspection', '{ __schema { queryType { name } } __type(name: "Cell") { fields { name type { kind name ofType { name } } } } }', {}],
  [
    'an input object whose non-null field has a default (graphql-jit refuses it; graphql-js runs it)',
    'mutation($input: ImportReportInput!) { importReport(input: $input) { outcome } }',
    { input: { content: 'not a report at all', dryRun: true } },
    { authorization: `Bearer ${WRITE_TOKEN}` },
  ],
  [
    'a mutation without a token',
    'mutation($input: ImportReportInput!) { importReport(input: $input) { outcome } }',
    { input: { content: 'x', dryRun: true } },
  ],
];

describe('compiled execution answers exactly as graphql-js does', () => {
  // One argument: with a fourth parameter, rows of three would make jest pass a `done` callback there.
  it.each(CASES)('%s', async (...[name, query, variables, headers]) => {
    const expected = asJson(await reference(query, variables, headers));
    expect(asJson(await compiled(query, variables, headers))).toEqual(expected);
    // Compared with graphql-jit's compiled operation, not graphql-js with itself (the case whose
    // variables graphql-jit refuses runs on graphql-js at run time, compiled or not).
    if (!name.includes('graphql-jit refuses')) expect(lastCompiled).toBe(true);
  });

  it('compiles a document on its second run, not its first', () => {
    const document = parse('{ jurisdiction(code: "440300") { code } }');
    expect(operations.compiledFor(document, undefined)).toBeNull();
    expect(operations.compiledFor(document, undefined)).not.toBeNull();
    expect(operations.compiledFor(parse('{ jurisdiction(code: "440300") { code } }'), undefined)).toBeNull();
  });

  it('returns graphql-js GraphQLErrors, with extensions, for errors raised in resolvers', async () => {
    const result = await compiled('{ jurisdiction(code: "44") { code } }', {});
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.errors?.[0].constructor.name).toBe('GraphQLError');
  });
});
