import { createTestApi, WRITE_TOKEN, type TestApi } from '../support/api';
import { CASES, runCase, SOURCES, sortedReports, type CurrentReport, type Step, type StepResult } from '../support/curation-cases';

/** The shared table of curation cases through the mutations (the CLI runs the same table: tests/cli/curation-cases.cli.test.ts). */
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };

const IMPORT = 'mutation($input: ImportReportInput!) { importReport(input: $input) { outcome reportId } }';
const UPDATE = 'mutation($input: UpdateReportInput!) { updateReport(input: $input) { outcome report { id } } }';
const WITHDRAW = 'mutation($id: ID!, $reason: String!) { withdrawReport(id: $id, reason: $reason) { outcome report { id } } }';
const RESTORE = 'mutation($id: ID!, $reason: String!) { restoreReport(id: $id, reason: $reason) { outcome report { id } } }';

async function run(api: TestApi, step: Step, reportOf: (index: number) => number): Promise<StepResult> {
  let query: string;
  let variables: Record<string, unknown>;
  // A reason left out is sent empty: the mutations declare it required, and the rule is the service's.
  const reason = ('reason' in step ? step.reason : undefined) ?? '';
  switch (step.op) {
    case 'import': {
      const source = SOURCES[step.source];
      query = IMPORT;
      variables = {
        input: { content: source.content, fileName: source.file, ...step.overrides, reason: step.reason, force: step.force ?? false },
      };
      break;
    }
    case 'set':
      query = UPDATE;
      variables = {
        input: { id: String(step.absolute ? step.report : reportOf(step.report)), ...step.changes, reason, force: step.force ?? false },
      };
      break;
    case 'withdraw':
      query = WITHDRAW;
      variables = { id: String(reportOf(step.report)), reason };
      break;
    case 'restore':
      query = RESTORE;
      variables = { id: String(reportOf(step.report)), reason };
      break;
  }
  const { data, errors } = await api.result<Record<string, { outcome: string; reportId?: string | null; report?: { id: string } }>>(
    query,
    variables,
    AUTH,
  );
  if (errors.length > 0) return { code: String(errors[0].code) };
  const answer = Object.values(data ?? {})[0];
  return { outcome: answer.outcome, reportId: Number(answer.reportId ?? answer.report?.id) };
}

describe.each(CASES)('through the mutations: $name', (c) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it(`answers ${'code' in c.expected ? c.expected.code : c.expected.outcome} and leaves the same current reports`, async () => {
    const result = await runCase(c, (step, reportOf) => run(api, step, reportOf));
    expect('code' in result ? { code: result.code } : { outcome: result.outcome }).toEqual(c.expected);
    const data = await api.execute<{ reports: { edges: { node: CurrentReport & { jurisdiction: { code: string } } }[] } }>(
      '{ reports(first: 500) { edges { node { jurisdiction { code } year organ scope } } } }',
    );
    expect(
      sortedReports(
        data.reports.edges.map((e) => ({
          jurisdiction: e.node.jurisdiction.code,
          year: e.node.year,
          organ: e.node.organ,
          scope: e.node.scope,
        })),
      ),
    ).toEqual(sortedReports(c.current));
  });
});
