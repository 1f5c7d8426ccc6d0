import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntitySubscriberInterface, InsertEvent } from 'typeorm';
import { BUNDLED_DIR } from '../../src/ingestion/bundled-reports.loader';
import { ReportEntity } from '../../src/reports/report.entity';
import { createTestApi, WRITE_TOKEN, type TestApi } from '../support/api';

/**
 * TypeORM's better-sqlite3 driver has one connection and one query runner: a second `transaction()`
 * begun while another is open becomes a SAVEPOINT of the first, so two imports interleaving their
 * statements (each awaits between them) would commit or roll back together. Here each stored report
 * waits 300 ms inside its transaction (an entity subscriber awaited by TypeORM between the report's
 * INSERT and its observations), and one of two concurrent imports fails after that wait. The other
 * must be stored whole, the failed one not at all, and no savepoint may ever be opened.
 */
const FAILING_ORGAN = '平潭综合实验区测试失败局';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('sqlite');
  const waitInside: EntitySubscriberInterface<ReportEntity> = {
    listenTo: () => ReportEntity,
    async afterInsert(event: InsertEvent<ReportEntity>) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (event.entity.organ === FAILING_ORGAN) throw new Error('the disk filled up in the middle of this import');
    },
  };
  (api.dataSource.subscribers as EntitySubscriberInterface[]).push(waitInside);
}, 60000);
afterAll(() => api?.close());

const IMPORT = `mutation($content: String!, $organ: String!, $year: Int!) {
  importReport(input: { content: $content, organ: $organ, jurisdiction: "350128", year: $year }) { outcome reportId }
}`;

it('runs concurrent imports one after the other, so a failing one never takes another with it', async () => {
  const content = readFileSync(path.join(BUNDLED_DIR, 'pingtan-2022.src.txt'), 'utf8');
  api.statements.length = 0;
  const auth = { authorization: `Bearer ${WRITE_TOKEN}` };
  type Imported = { importReport: { outcome: string; reportId: string } };
  const [failed, government, department] = await Promise.all([
    api.errorsOf(IMPORT, { content, organ: FAILING_ORGAN, year: 2022 }, auth),
    api.execute<Imported>(IMPORT, { content, organ: '平潭综合实验区人民政府', year: 2022 }, auth),
    api.execute<Imported>(IMPORT, { content: `${content}\n`, organ: '平潭综合实验区教育局', year: 2022 }, auth),
  ]);

  expect(failed).toEqual([expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' })]);
  expect(government.importReport.outcome).toBe('IMPORTED');
  expect(department.importReport.outcome).toBe('IMPORTED');
  expect(api.statements.filter((sql) => /SAVEPOINT/i.test(sql))).toEqual([]);

  const reports = await api.dataSource.getRepository(ReportEntity).find({ where: { jurisdictionCode: '350128', year: 2022 } });
  expect(reports.map((r) => r.organ).sort()).toEqual(['平潭综合实验区人民政府', '平潭综合实验区教育局'].sort());
  for (const report of reports) {
    const [{ n }] = await api.dataSource.query('SELECT COUNT(*) AS n FROM observation WHERE report_id = ?', [report.id]);
    expect(Number(n)).toBeGreaterThan(100);
  }
  // The government's report is what 平潭 2022 answers with (OWN, or REPORTED if read as a summary):
  // the current values were refreshed in its own transaction, untouched by the failed one.
  const answered = await api.execute<{ own: { status: string }[]; reported: { status: string }[] }>(
    `{ own: cells(jurisdictions: { codes: ["350128"] }, indicators: ["applications.new.total"], years: { from: 2022, to: 2022 }, measure: OWN) { status }
       reported: cells(jurisdictions: { codes: ["350128"] }, indicators: ["applications.new.total"], years: { from: 2022, to: 2022 }, measure: REPORTED) { status } }`,
  );
  expect([answered.own[0].status, answered.reported[0].status]).toContain('VALUE');
});
