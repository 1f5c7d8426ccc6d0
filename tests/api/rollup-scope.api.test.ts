import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ReportImportService } from '../../src/ingestion/report-import.service';
import { RollupMaterialiser } from '../../src/rollups/rollup.materialiser';
import { createTestApi, type TestApi } from '../support/api';
import { storeReport } from '../support/factories';
import { FIXTURES } from '../support/fixtures';

/**
 * A jurisdiction that holds both kinds of report: 平潭 (350128, a county of 福州 350100, 福建 350000) with
 * its area-wide SUMMARY of 2024 — imported from its real text, which alone decides the scope — and OWN
 * reports of three of its organs (the applications their own 2024 reports state: 管委会办公室 19,
 * 公安局 8, 财政金融局 2). A roll-up sums the members only; the summary answers REPORTED and is never
 * added on top of them, at any level above either.
 */
const ORGANS: [string, number][] = [
  ['平潭综合实验区管委会办公室', 19],
  ['平潭综合实验区公安局', 8],
  ['平潭综合实验区财政金融局', 2],
];
const MEMBERS = ORGANS.reduce((sum, [, n]) => sum + n, 0);

let api: TestApi;
let summaryId: number;
let summaryApplications: number | null;
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    const content = readFileSync(path.join(FIXTURES, 'complete', 'pingtan-2024.src.txt'));
    const summary = await ReportImportService.forDatabase(dataSource).importReport(
      { content, fileName: 'pingtan-2024.src.txt' },
      { jurisdiction: '350128' },
    );
    expect([summary.scope, summary.organKind]).toEqual(['SUMMARY', 'GOVERNMENT']);
    summaryId = summary.reportId as number;
    summaryApplications = summary.observations.find((o) => o.indicator === 'applications.new.total')?.value ?? null;
    for (const [organ, applications] of ORGANS) {
      await storeReport(dataSource, {
        jurisdiction: '350128',
        year: 2024,
        organ,
        organKind: 'DEPARTMENT',
        values: { 'applications.new.total': applications },
      });
    }
  });
});
afterAll(() => api.close());

interface Cell {
  jurisdiction: { code: string };
  value: number | null;
  status: string;
  reconciliation: { reported: number; rollup: number; difference: number } | null;
  sources: { id: string; organ: string; scope: string }[];
}

async function cells(measure: string, codes: string[]): Promise<Cell[]> {
  const data = await api.execute<{ cells: Cell[] }>(
    `query($codes: [ID!], $m: Measure) { cells(jurisdictions: { codes: $codes }, indicators: ["applications.new.total"], years: { from: 2024, to: 2024 }, measure: $m) {
      jurisdiction { code } value status reconciliation { reported rollup difference } sources { id organ scope }
    } }`,
    { codes, m: measure },
  );
  return data.cells;
}

it('the summary is read from its text as SUMMARY, and it printed 218 applications', () => {
  expect(summaryApplications).toBe(218);
});

it('ROLLUP of the county, its prefecture and its province sums the OWN reports of the members only', async () => {
  const result = await cells('ROLLUP', ['350000', '350100', '350128']);
  expect(result.map((c) => [c.jurisdiction.code, c.value, c.status])).toEqual([
    ['350000', MEMBERS, 'VALUE'],
    ['350100', MEMBERS, 'VALUE'],
    ['350128', MEMBERS, 'VALUE'],
  ]);
  for (const cell of result) {
    expect(cell.sources.map((s) => s.organ).sort()).toEqual(ORGANS.map(([organ]) => organ).sort());
    expect(cell.sources.every((s) => s.scope === 'OWN' && Number(s.id) !== summaryId)).toBe(true);
  }
});

it("the summary answers REPORTED for the county, and reconciles against the members' roll-up", async () => {
  const [reported] = await cells('REPORTED', ['350128']);
  expect([reported.value, reported.sources.map((s) => Number(s.id))]).toEqual([218, [summaryId]]);
  const [rollup] = await cells('ROLLUP', ['350128']);
  expect(rollup.reconciliation).toEqual({ reported: 218, rollup: MEMBERS, difference: 218 - MEMBERS });
  // Nor is it the government's own report: 平潭 has none here.
  const [own] = await cells('OWN', ['350128']);
  expect(own.status).toBe('MISSING');
});

it('a rebuild of the materialised roll-ups leaves the summary out too', async () => {
  await new RollupMaterialiser(api.dataSource).rebuild();
  const result = await cells('ROLLUP', ['350000', '350100']);
  expect(result.map((c) => c.value)).toEqual([MEMBERS, MEMBERS]);
});
