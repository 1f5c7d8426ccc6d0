import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../src/curation/audit.entity';
import { BUNDLED_DIR } from '../../src/ingestion/bundled-reports.loader';
import { quotedPath } from '../../src/organs/organ.registry';
import { CurrentValueEntity } from '../../src/rollups/current-value.entity';
import { RollupDerivedEntity } from '../../src/rollups/rollup-derived.entity';
import { RollupEntity } from '../../src/rollups/rollup.entity';
import { RollupMaterialiser } from '../../src/rollups/rollup.materialiser';
import { createTestApi, WRITE_TOKEN, type TestApi } from '../support/api';
import { FIXTURES } from '../support/fixtures';

/**
 * Each failure the curation issue describes, through the API: a scope, a year, a jurisdiction corrected
 * without a duplicate left current and without losing a value; withdraw and restore with every
 * materialised roll-up and current value recomputed (checked against a full rebuild); an ambiguous split
 * settled again where a corrected report now sits; the audit log and `Report.history`.
 */
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const text = (name: string) => readFileSync(path.join(FIXTURES, 'complete', name), 'utf8');
const archive = (name: string) => readFileSync(path.join(BUNDLED_DIR, 'pingtan-archive', name), 'utf8');

const IMPORT = `mutation($input: ImportReportInput!) { importReport(input: $input) { outcome reportId revision year jurisdiction scope supersededIds changes { field before after } warnings } }`;
const UPDATE = `mutation($input: UpdateReportInput!) { updateReport(input: $input) { outcome report { id year revision scope jurisdiction { code } } superseded { id } changes { field before after } warnings } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawReport(id: $id, reason: $reason) { outcome report { id status withdrawalReason withdrawnAt } } }`;
const RESTORE = `mutation($id: ID!, $reason: String!) { restoreReport(id: $id, reason: $reason) { outcome report { id status withdrawalReason } } }`;

interface ImportAnswer {
  outcome: string;
  reportId: string;
  revision: number;
  year: number;
  jurisdiction: string;
  scope: string;
  supersededIds: string[];
  changes: { field: string; before: string | null; after: string | null }[];
  warnings: string[];
}

async function importReport(api: TestApi, input: Record<string, unknown>): Promise<ImportAnswer> {
  return (await api.execute<{ importReport: ImportAnswer }>(IMPORT, { input }, AUTH)).importReport;
}

async function cell(api: TestApi, code: string, year: number, measure: string, indicator = 'applications.new.total') {
  const data = await api.execute<{ cells: { value: number | null; status: string }[] }>(
    `query($codes: [ID!]!, $year: Int!, $measure: Measure!, $indicator: ID!) { cells(jurisdictions: { codes: $codes }, indicators: [$indicator], years: { from: $year, to: $year }, measure: $measure) { value status } }`,
    { codes: [code], year, measure, indicator },
  );
  return data.cells[0];
}

async function currentReports(api: TestApi, jurisdiction: string) {
  const data = await api.execute<{ reports: { edges: { node: { id: string; year: number; scope: string; revision: number } }[] } }>(
    'query($j: ID!) { reports(jurisdiction: $j) { edges { node { id year scope revision } } } }',
    { j: jurisdiction },
  );
  return data.reports.edges.map((e) => e.node);
}

const table = (dataSource: DataSource, entity: unknown) => quotedPath(dataSource.getMetadata(entity as typeof RollupEntity).tablePath);

/** The materialised tables, in key order, report ids included. */
async function materialised(dataSource: DataSource) {
  const rows = async (entity: unknown, order: string) => dataSource.query(`SELECT * FROM ${table(dataSource, entity)} ORDER BY ${order}`);
  return {
    rollup: await rows(RollupEntity, 'indicator_code, year, level, jurisdiction_code'),
    rollupDerived: await rows(RollupDerivedEntity, 'indicator_code, year, level, jurisdiction_code'),
    currentValue: await rows(CurrentValueEntity, 'jurisdiction_code, measure, indicator_code, year'),
  };
}

/** What the materialised tables hold equals what a rebuild from the reports makes. */
async function expectMaterialisedAsRebuilt(dataSource: DataSource) {
  const kept = await materialised(dataSource);
  await new RollupMaterialiser(dataSource).rebuild();
  expect(await materialised(dataSource)).toEqual(kept);
  return kept;
}

describe('corrections', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
  });
  afterEach(() => api.close());

  it('a scope corrected by importing the same file again with the scope is a new revision with the same values, and moves OWN to REPORTED', async () => {
    const content = text('pingtan-2022.src.txt');
    const wrong = await importReport(api, { content, scope: 'OWN' });
    expect(wrong).toMatchObject({ outcome: 'IMPORTED', scope: 'OWN' });
    const own = await cell(api, '350128', 2022, 'OWN');
    expect(own.status).toBe('VALUE');
    expect(await cell(api, '350128', 2022, 'REPORTED')).toMatchObject({ status: 'MISSING' });

    const fixed = await importReport(api, { content, scope: 'SUMMARY', reason: 'the text says 汇总…各有关单位' });
    expect(fixed).toMatchObject({
      outcome: 'CORRECTED',
      scope: 'SUMMARY',
      revision: 2,
      supersededIds: [wrong.reportId],
      changes: [{ field: 'scope', before: 'OWN', after: 'SUMMARY' }],
    });
    expect(await cell(api, '350128', 2022, 'OWN')).toMatchObject({ status: 'MISSING' });
    expect(await cell(api, '350128', 2022, 'REPORTED')).toEqual(own);
    expect(await currentReports(api, '350128')).toEqual([{ id: fixed.reportId, year: 2022, scope: 'SUMMARY', revision: 2 }]);

    const both = await api.execute<{
      a: { observations: unknown[]; supersededBy: { id: string }; status: string };
      b: { observations: unknown[]; status: string; scopeEvidence: string };
    }>(
      'query($a: ID!, $b: ID!) { a: report(id: $a) { observations { indicator { code } value status } supersededBy { id } status } b: report(id: $b) { observations { indicator { code } value status } status scopeEvidence } }',
      { a: wrong.reportId, b: fixed.reportId },
    );
    expect(both.a).toMatchObject({ supersededBy: { id: fixed.reportId }, status: 'SUPERSEDED' });
    expect(both.b.observations).toEqual(both.a.observations);
    expect(both.b).toMatchObject({ status: 'CURRENT', scopeEvidence: 'given by `scope` SUMMARY' });
    // The same again changes nothing; without the override it changes nothing either (what is stored stands).
    expect(await importReport(api, { content, scope: 'SUMMARY' })).toMatchObject({ outcome: 'UNCHANGED', reportId: fixed.reportId });
    expect(await importReport(api, { content })).toMatchObject({ outcome: 'UNCHANGED', reportId: fixed.reportId, scope: 'SUMMARY' });
  });

  it('a wrong year corrected with updateReport leaves one current report, under the right year, in every measure', async () => {
    const wrong = await importReport(api, {
      content: text('shanghai-office-2025.src.md'),
      year: 2024,
      force: true,
      reason: 'testing a wrong year',
    });
    expect(wrong).toMatchObject({ outcome: 'IMPORTED', year: 2024 });
    const value = (await cell(api, '310000', 2024, 'OWN')).value;
    expect(value).not.toBeNull();
    expect(await cell(api, '310000', 2024, 'ROLLUP')).toMatchObject({ value, status: 'VALUE' });

    const data = await api.execute<{
      updateReport: {
        outcome: string;
        report: { id: string; year: number; revision: number };
        superseded: { id: string }[];
        changes: unknown[];
      };
    }>(UPDATE, { input: { id: wrong.reportId, year: 2025, reason: 'the title says 2025' } }, AUTH);
    expect(data.updateReport).toMatchObject({
      outcome: 'CORRECTED',
      report: { year: 2025, revision: 1 },
      superseded: [{ id: wrong.reportId }],
      changes: [{ field: 'year', before: '2024', after: '2025' }],
    });
    expect(await currentReports(api, '310000')).toEqual([{ id: data.updateReport.report.id, year: 2025, scope: 'OWN', revision: 1 }]);
    for (const measure of ['OWN', 'ROLLUP']) {
      expect(await cell(api, '310000', 2024, measure)).toMatchObject({ status: 'MISSING' });
      expect(await cell(api, '310000', 2025, measure)).toEqual({ value, status: 'VALUE' });
    }
    await expectMaterialisedAsRebuilt(api.dataSource);
  });

  it('a wrong jurisdiction corrected by importing again with the right one leaves one current report', async () => {
    const content = text('shanghai-office-2025.src.md');
    expect(await api.errorsOf(IMPORT, { input: { content, jurisdiction: '310101' } }, AUTH)).toEqual([
      {
        code: 'OVERRIDE_CONTRADICTS_TEXT',
        message: expect.stringContaining('the organ "上海市人民政府办公厅" is in 310000 上海市, not in 310101 黄浦区'),
      },
    ]);
    const wrong = await importReport(api, { content, jurisdiction: '310101', force: true, reason: 'testing a wrong jurisdiction' });
    expect(wrong.warnings).toContain('forced: the organ "上海市人民政府办公厅" is in 310000 上海市, not in 310101 黄浦区');
    const value = (await cell(api, '310101', 2025, 'OWN')).value;
    const fixed = await importReport(api, { content, jurisdiction: '310000' });
    expect(fixed).toMatchObject({ outcome: 'CORRECTED', jurisdiction: '310000', supersededIds: [wrong.reportId] });
    expect(await currentReports(api, '310101')).toEqual([]);
    expect(await currentReports(api, '310000')).toHaveLength(1);
    expect(await cell(api, '310101', 2025, 'OWN')).toMatchObject({ status: 'MISSING' });
    expect(await cell(api, '310000', 2025, 'OWN')).toEqual({ value, status: 'VALUE' });
    await expectMaterialisedAsRebuilt(api.dataSource);
  });

  it("a page without the format's tables is not a report whatever the overrides, and the report it would replace stays", async () => {
    const real = await importReport(api, { content: text('shanghai-office-2025.src.md') });
    const notice = '<html><body><p>上海市人民政府办公厅2025年政府信息公开工作年度报告已发布，详见附件。</p></body></html>';
    for (const input of [
      { content: notice },
      { content: notice, organ: '上海市人民政府办公厅', year: 2025, jurisdiction: '310000', scope: 'OWN' },
      { content: notice, organ: '上海市人民政府办公厅', year: 2025, force: true, reason: 'try' },
    ]) {
      expect(await api.errorsOf(IMPORT, { input }, AUTH)).toEqual([expect.objectContaining({ code: 'NOT_A_REPORT' })]);
    }
    expect(await currentReports(api, '310000')).toEqual([{ id: real.reportId, year: 2025, scope: 'OWN', revision: 1 }]);
    const log = await api.execute<{ auditLog: { totalCount: number } }>('{ auditLog { totalCount } }');
    expect(log.auditLog.totalCount).toBe(1);
  });

  it('a revision with far fewer values is refused, and stored when forced with a reason (the audit says so)', async () => {
    const full = text('shanghai-office-2025.src.md');
    const first = await importReport(api, { content: full });
    const cut = full.slice(0, full.indexOf('三、收到和处理'));
    const errors = await api.errorsOf(IMPORT, { input: { content: cut } }, AUTH);
    expect(errors).toEqual([
      {
        code: 'REVISION_LOSES_VALUES',
        message: expect.stringMatching(/replace report \d+ \(上海市人民政府办公厅 2025, 200 values\) by a revision with 16/),
      },
    ]);
    expect(await currentReports(api, '310000')).toEqual([{ id: first.reportId, year: 2025, scope: 'OWN', revision: 1 }]);
    const forced = await importReport(api, { content: cut, force: true, reason: 'the publisher cut the page' });
    expect(forced).toMatchObject({ outcome: 'NEW_REVISION', revision: 2, supersededIds: [first.reportId] });
    const log = await api.execute<{
      auditLog: {
        edges: { node: { action: string; forced: boolean; reason: string; reportIdsBefore: string[]; reportIdsAfter: string[] } }[];
      };
    }>('{ auditLog(first: 1) { edges { node { action forced reason reportIdsBefore reportIdsAfter } } } }');
    expect(log.auditLog.edges[0].node).toEqual({
      action: 'IMPORT',
      forced: true,
      reason: 'the publisher cut the page',
      reportIdsBefore: [first.reportId],
      reportIdsAfter: [forced.reportId],
    });
  });

  it('corrections and withdrawals need a write token, and change nothing without one', async () => {
    const stored = await importReport(api, { content: text('shanghai-office-2025.src.md') });
    for (const [query, variables] of [
      [UPDATE, { input: { id: stored.reportId, scope: 'SUMMARY', reason: 'x' } }],
      [WITHDRAW, { id: stored.reportId, reason: 'x' }],
      [RESTORE, { id: stored.reportId, reason: 'x' }],
      [UPDATE, { input: { id: 'not-an-id', scope: 'SUMMARY', reason: 'x' } }],
    ] as const) {
      expect(await api.errorsOf(query, variables, { authorization: 'Bearer not-the-token-at-all' })).toEqual([
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      ]);
    }
    expect(await currentReports(api, '310000')).toEqual([{ id: stored.reportId, year: 2025, scope: 'OWN', revision: 1 }]);
  });
});

describe('withdraw and restore', () => {
  let api: TestApi;
  let shanghai: ImportAnswer;
  let finance: ImportAnswer;
  let before: Awaited<ReturnType<typeof materialised>>;
  beforeAll(async () => {
    api = await createTestApi();
    shanghai = await importReport(api, { content: text('shanghai-office-2025.src.md') });
    finance = await importReport(api, { content: archive('czj-caizheng-2022.src.txt') });
    await importReport(api, { content: archive('gaj-gongan-2022.src.txt') });
    before = await materialised(api.dataSource);
  });
  afterAll(() => api.close());

  const organsOf2022 = async () =>
    (
      await api.execute<{ jurisdiction: { organs: { name: string }[] } }>(
        '{ jurisdiction(code: "350128") { organs(years: { from: 2022, to: 2022 }) { name } } }',
      )
    ).jurisdiction.organs.map((o) => o.name);
  const coverage = async () =>
    (
      await api.execute<{ cells: { value: number | null; coverage: { organs: { reported: number; missing: { name: string }[] } } }[] }>(
        '{ cells(jurisdictions: { codes: ["350128"] }, indicators: ["applications.new.total"], years: { from: 2022, to: 2022 }, measure: ROLLUP) { value coverage { organs { reported missing { name } } } } }',
      )
    ).cells[0];

  it('a withdrawn report answers nothing: no OWN value, no roll-up, no organ list, and the materialised tables are as a rebuild makes them', async () => {
    const value = (await cell(api, '310000', 2025, 'OWN')).value;
    expect(await cell(api, '310000', 2025, 'ROLLUP')).toEqual({ value, status: 'VALUE' });
    const rollup = await coverage();
    expect(await organsOf2022()).toEqual(['平潭综合实验区公安局', '平潭综合实验区财政金融局']);

    const withdrawn = await api.execute<{
      withdrawReport: { outcome: string; report: { status: string; withdrawalReason: string; withdrawnAt: string } };
    }>(WITHDRAW, { id: shanghai.reportId, reason: 'the publisher withdrew the page' }, AUTH);
    expect(withdrawn.withdrawReport).toMatchObject({
      outcome: 'WITHDRAWN',
      report: { status: 'WITHDRAWN', withdrawalReason: 'the publisher withdrew the page', withdrawnAt: expect.any(String) },
    });
    await api.execute(WITHDRAW, { id: finance.reportId, reason: 'filed twice by the publisher' }, AUTH);

    for (const measure of ['OWN', 'ROLLUP']) expect(await cell(api, '310000', 2025, measure)).toMatchObject({ status: 'MISSING' });
    expect(await organsOf2022()).toEqual(['平潭综合实验区公安局']);
    const after = await coverage();
    expect(after.coverage.organs.reported).toBe(rollup.coverage.organs.reported - 1);
    expect(await currentReports(api, '310000')).toEqual([]);
    const listed = await api.execute<{ reports: { edges: { node: { id: string; status: string } }[] } }>(
      '{ reports(jurisdiction: "310000", includeWithdrawn: true) { edges { node { id status } } } }',
    );
    expect(listed.reports.edges.map((e) => e.node)).toEqual([{ id: shanghai.reportId, status: 'WITHDRAWN' }]);
    const now = await expectMaterialisedAsRebuilt(api.dataSource);
    expect(now).not.toEqual(before);
  });

  it('a restored report answers again exactly as before', async () => {
    await api.execute(RESTORE, { id: shanghai.reportId, reason: 'republished unchanged' }, AUTH);
    const restored = await api.execute<{ restoreReport: { outcome: string; report: { status: string; withdrawalReason: string | null } } }>(
      RESTORE,
      { id: finance.reportId, reason: 'the other copy was withdrawn instead' },
      AUTH,
    );
    expect(restored.restoreReport).toEqual({
      outcome: 'RESTORED',
      report: { id: finance.reportId, status: 'CURRENT', withdrawalReason: null },
    });
    expect(await materialised(api.dataSource)).toEqual(before);
    expect(await organsOf2022()).toEqual(['平潭综合实验区公安局', '平潭综合实验区财政金融局']);
  });

  it("keeps the history: every change with who made it (the token's name, never the token) and why", async () => {
    const data = await api.execute<{
      report: {
        history: {
          action: string;
          actor: string;
          reason: string | null;
          file: string | null;
          reportIdsBefore: string[];
          reportIdsAfter: string[];
          reportsAfter: { id: string }[];
        }[];
      };
    }>('query($id: ID!) { report(id: $id) { history { action actor reason file reportIdsBefore reportIdsAfter reportsAfter { id } } } }', {
      id: shanghai.reportId,
    });
    expect(data.report.history).toEqual([
      {
        action: 'IMPORT',
        actor: 'test-writer',
        reason: null,
        file: null,
        reportIdsBefore: [],
        reportIdsAfter: [shanghai.reportId],
        reportsAfter: [{ id: shanghai.reportId }],
      },
      {
        action: 'WITHDRAW',
        actor: 'test-writer',
        reason: 'the publisher withdrew the page',
        file: null,
        reportIdsBefore: [shanghai.reportId],
        reportIdsAfter: [],
        reportsAfter: [],
      },
      {
        action: 'RESTORE',
        actor: 'test-writer',
        reason: 'republished unchanged',
        file: null,
        reportIdsBefore: [],
        reportIdsAfter: [shanghai.reportId],
        reportsAfter: [{ id: shanghai.reportId }],
      },
    ]);
    const stored = JSON.stringify(await api.dataSource.query(`SELECT * FROM ${table(api.dataSource, AuditEntryEntity)}`));
    expect(stored).not.toContain(WRITE_TOKEN);
  });

  it('pages the audit log, newest first, and filters it by report', async () => {
    type Page = {
      auditLog: {
        totalCount: number;
        edges: { node: { id: string; action: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const query =
      'query($after: String, $report: ID) { auditLog(first: 2, after: $after, reportId: $report) { totalCount edges { node { id action } } pageInfo { hasNextPage endCursor } } }';
    const first = await api.execute<Page>(query, {});
    expect(first.auditLog.totalCount).toBe(7);
    expect(first.auditLog.edges.map((e) => e.node.action)).toEqual(['RESTORE', 'RESTORE']);
    const ids: string[] = [];
    let page: Page = first;
    for (;;) {
      ids.push(...page.auditLog.edges.map((e) => e.node.id));
      if (!page.auditLog.pageInfo.hasNextPage) break;
      page = await api.execute<Page>(query, { after: page.auditLog.pageInfo.endCursor });
    }
    expect(ids.map(Number)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const finance2 = await api.execute<Page>(query, { report: finance.reportId });
    expect(finance2.auditLog.totalCount).toBe(3);
    expect(await api.errorsOf(query, { report: 'x' })).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
  });
});

describe('write tokens have names', () => {
  it('records which token made each change', async () => {
    const api = await createTestApi(undefined, undefined, {
      writeTokens: [
        { name: 'alice', token: 'alice-token-0123456789' },
        { name: 'bob', token: 'bob-token-0123456789ab' },
      ],
    });
    try {
      const stored = (
        await api.execute<{ importReport: ImportAnswer }>(
          IMPORT,
          { input: { content: text('shanghai-office-2025.src.md') } },
          { authorization: 'Bearer alice-token-0123456789' },
        )
      ).importReport;
      await api.execute(WITHDRAW, { id: stored.reportId, reason: 'test' }, { authorization: 'Bearer bob-token-0123456789ab' });
      const log = await api.execute<{ auditLog: { edges: { node: { actor: string } }[] } }>('{ auditLog { edges { node { actor } } } }');
      expect(log.auditLog.edges.map((e) => e.node.actor)).toEqual(['bob', 'alice']);
    } finally {
      await api.close();
    }
  });
});

describe('an ambiguous split is settled again where a corrected report now sits', () => {
  // 平潭 2021 prints 行政规范性文件693665, which only its 2022 report settles (665 in force): see cross-year.api.test.ts.
  const IN_FORCE = 'proactive.normative_docs.in_force';
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  const inForce2021 = () => cell(api, '350128', 2021, 'REPORTED', IN_FORCE);

  it('a 2021 report filed under 2020 is not settled by 2022; moved to 2021, it is', async () => {
    const wrong = await importReport(api, {
      content: text('pingtan-2021.src.txt'),
      year: 2020,
      force: true,
      reason: 'testing a wrong year',
    });
    await importReport(api, { content: text('pingtan-2022.src.txt') });
    expect(await cell(api, '350128', 2020, 'REPORTED', IN_FORCE)).toMatchObject({ status: 'MISSING' });
    const moved = await api.execute<{ updateReport: { report: { id: string } } }>(
      UPDATE,
      { input: { id: wrong.reportId, year: 2021, reason: 'the title says 2021' } },
      AUTH,
    );
    expect(await inForce2021()).toEqual({ value: 665, status: 'VALUE' });
    const report = await api.execute<{ report: { observations: { value: number; sourceColumn: string }[] } }>(
      `query($id: ID!) { report(id: $id) { observations(indicators: ["${IN_FORCE}"]) { value sourceColumn } } }`,
      { id: moved.updateReport.report.id },
    );
    expect(report.report.observations).toEqual([{ value: 665, sourceColumn: expect.stringContaining('split settled by the 2022 report') }]);
    expect(await cell(api, '350128', 2020, 'REPORTED', IN_FORCE)).toMatchObject({ status: 'MISSING' });
  });

  it('withdrawing the 2022 report unsettles it; restoring settles it again', async () => {
    const [r2022] = (await currentReports(api, '350128')).filter((r) => r.year === 2022);
    await api.execute(WITHDRAW, { id: r2022.id, reason: 'test' }, AUTH);
    expect(await inForce2021()).toMatchObject({ status: 'MISSING' });
    await expectMaterialisedAsRebuilt(api.dataSource);
    await api.execute(RESTORE, { id: r2022.id, reason: 'test' }, AUTH);
    expect(await inForce2021()).toEqual({ value: 665, status: 'VALUE' });
    await expectMaterialisedAsRebuilt(api.dataSource);
  });
});
