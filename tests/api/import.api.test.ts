import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApi, WRITE_TOKEN, type TestApi } from '../support/api';
import { FIXTURES, expectedCells } from '../support/fixtures';

const MUTATION = `mutation($input: ImportReportInput!) {
  importReport(input: $input) {
    outcome reportId revision jurisdiction jurisdictionName year organ organKind scope scopeEvidence formatVersion
    observations { indicator value status table row column }
    consistency { identity scope status }
    missing { part indicators reason }
    warnings
  }
}`;

interface Result {
  outcome: string;
  reportId: string | null;
  revision: number | null;
  jurisdiction: string;
  year: number;
  organ: string;
  formatVersion: string;
  observations: { indicator: string; value: number | null; status: string }[];
  consistency: { identity: string; scope: string; status: string }[];
}

const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const hongzePdf = readFileSync(path.join(FIXTURES, 'complete', 'hongze-district-2023.src.pdf'));
const pingtan2022 = readFileSync(path.join(FIXTURES, 'complete', 'pingtan-2022.src.txt'), 'utf8');

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

async function reportCount(): Promise<number> {
  return (await api.execute<{ reports: { totalCount: number } }>('{ reports(includeSuperseded: true) { totalCount } }')).reports.totalCount;
}

describe('importReport', () => {
  it('refuses without a valid token and stores nothing', async () => {
    const input = { content: pingtan2022, jurisdiction: '350128' };
    expect(await api.errorsOf(MUTATION, { input })).toEqual([
      { code: 'UNAUTHENTICATED', message: expect.stringContaining('Authorization: Bearer') },
    ]);
    expect(await api.errorsOf(MUTATION, { input }, { authorization: 'Bearer not-the-token-at-all' })).toEqual([
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    ]);
    expect(await reportCount()).toBe(0);
  });

  it('parses a PDF sent as base64 on a dry run without storing it', async () => {
    const data = await api.execute<{ importReport: Result }>(
      MUTATION,
      { input: { content: hongzePdf.toString('base64'), contentEncoding: 'BASE64', dryRun: true } },
      AUTH,
    );
    const result = data.importReport;
    expect(result).toMatchObject({ outcome: 'DRY_RUN', reportId: null, jurisdiction: '320813', year: 2023, formatVersion: 'FORMAT_2021' });
    const values = new Map(result.observations.map((o) => [o.indicator, o.value]));
    for (const [code, value] of expectedCells('hongze-district-2023')) expect([code, values.get(code)]).toEqual([code, value]);
    expect(result.consistency.filter((c) => c.identity === 'I4' && c.status === 'FAIL').map((c) => c.scope)).toEqual([
      'review',
      'litigation.after_review',
    ]);
    expect(await reportCount()).toBe(0);
  });

  it('stores a report, recognises the same content, and makes a new revision of changed content', async () => {
    const input = { content: pingtan2022, jurisdiction: '350128', sourceUrl: 'https://example.org/pingtan-2022' };
    const first = (await api.execute<{ importReport: Result }>(MUTATION, { input }, AUTH)).importReport;
    expect(first).toMatchObject({ outcome: 'IMPORTED', revision: 1, year: 2022 });
    const again = (await api.execute<{ importReport: Result }>(MUTATION, { input }, AUTH)).importReport;
    expect(again).toMatchObject({ outcome: 'UNCHANGED', reportId: first.reportId });
    const corrected = pingtan2022.replace('一、总体情况', '一、总体情况（更正）');
    const second = (await api.execute<{ importReport: Result }>(MUTATION, { input: { ...input, content: corrected } }, AUTH)).importReport;
    expect(second).toMatchObject({ outcome: 'NEW_REVISION', revision: 2 });
    const old = await api.execute<{
      report: { supersededBy: { id: string }; observations: { indicator: { code: string }; value: number | null }[]; sourceUrl: string };
    }>('query($id: ID!) { report(id: $id) { sourceUrl supersededBy { id } observations { indicator { code } value } } }', {
      id: first.reportId,
    });
    expect(old.report.supersededBy).toEqual({ id: second.reportId });
    expect(old.report.sourceUrl).toBe('https://example.org/pingtan-2022');
    const stored = new Map(old.report.observations.map((o) => [o.indicator.code, o.value]));
    for (const [code, value] of expectedCells('pingtan-2022')) expect([code, stored.get(code)]).toEqual([code, value]);
  });

  it('records the sentence that decided the scope, or that the input gave it', async () => {
    const pingtan2019 = readFileSync(path.join(FIXTURES, 'complete', 'pingtan-2019.src.txt'), 'utf8');
    const read = (
      await api.execute<{ importReport: Result & { scope: string; scopeEvidence: string | null; warnings: string[] } }>(
        MUTATION,
        { input: { content: pingtan2019, jurisdiction: '350128' } },
        AUTH,
      )
    ).importReport;
    expect(read).toMatchObject({ outcome: 'IMPORTED', scope: 'SUMMARY', scopeEvidence: '我区政府信息公开单位共公布政府信息2599条' });
    const stored = await api.execute<{ report: { scope: string; scopeEvidence: string | null } }>(
      'query($id: ID!) { report(id: $id) { scope scopeEvidence } }',
      { id: read.reportId },
    );
    expect(stored.report).toEqual({ scope: 'SUMMARY', scopeEvidence: '我区政府信息公开单位共公布政府信息2599条' });

    const given = (
      await api.execute<{ importReport: Result & { scope: string; scopeEvidence: string | null; warnings: string[] } }>(
        MUTATION,
        { input: { content: pingtan2019, jurisdiction: '350128', scope: 'OWN', dryRun: true } },
        AUTH,
      )
    ).importReport;
    expect(given).toMatchObject({ scope: 'OWN', scopeEvidence: 'given by `scope` OWN' });
    expect(given.warnings).toContain(
      'scope given by `scope` OWN, although the text says SUMMARY: «我区政府信息公开单位共公布政府信息2599条»',
    );
  });

  it.each([
    ['empty content', { content: '' }, 'EMPTY_INPUT'],
    [
      'binary content',
      { content: Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8]).toString('base64'), contentEncoding: 'BASE64' },
      'BINARY_INPUT',
    ],
    [
      'a page that is not a report',
      { content: '<html><body><h1>天气预报</h1><p>明天晴。</p></body></html>', contentType: 'text/html' },
      'NOT_A_REPORT',
    ],
    ['invalid base64', { content: '@@@not base64@@@', contentEncoding: 'BASE64' }, 'BAD_USER_INPUT'],
    ['a malformed jurisdiction', { content: pingtan2022, jurisdiction: '35012' }, 'BAD_USER_INPUT'],
    ['an unknown jurisdiction', { content: pingtan2022, jurisdiction: '999999' }, 'BAD_USER_INPUT'],
  ])('rejects %s with a stable code and stores nothing', async (_name, input, code) => {
    const before = await reportCount();
    const errors = await api.errorsOf(MUTATION, { input }, AUTH);
    expect(errors).toEqual([expect.objectContaining({ code })]);
    expect(await reportCount()).toBe(before);
  });
});
