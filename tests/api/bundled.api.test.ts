import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  BUNDLED_DIR,
  bundledInLoadOrder,
  bundledYear,
  ensureBundledReports,
  readManifest,
} from '../../src/ingestion/bundled-reports.loader';
import { ObservationEntity } from '../../src/observations/observation.entity';
import { OrganEntity } from '../../src/organs/organ.entity';
import { ReportEntity } from '../../src/reports/report.entity';
import { createTestApi, type TestApi } from '../support/api';
import { COMPLETE_REPORTS, expectedCells } from '../support/fixtures';

/**
 * The bundled real reports, loaded through the importer as on first start, give every hand-checked
 * cell of their fixtures — except cells the importer reports as ambiguous instead of guessing (a few
 * table-2 rows of the separator-less 平潭 pages whose digit runs split several valid ways).
 */
interface Report {
  id: string;
  organ: string;
  year: number;
  scope: string;
  scopeEvidence: string | null;
  sourceUrl: string | null;
  jurisdiction: { code: string };
  observations: { indicator: { code: string }; value: number | null; status: string }[];
  missing: { part: string; indicators: string[]; reason: string }[];
  consistency: { status: string }[];
}

let api: TestApi;
let reports: Report[];
let loadOrder: string[];
beforeAll(async () => {
  // One request reads every bundled report with all it holds (priced as 500 reports of every
  // observation and missing part: over OGI_MAX_COST, which is not what this file tests).
  api = await createTestApi(
    undefined,
    async (dataSource) => {
      loadOrder = (await ensureBundledReports(dataSource)).map((r) => r.file ?? '');
    },
    { maxCost: Number.MAX_SAFE_INTEGER },
  );
  const data = await api.execute<{ reports: { edges: { node: Report }[] } }>(
    '{ reports(first: 500) { edges { node { id organ year scope scopeEvidence sourceUrl jurisdiction { code } observations { indicator { code } value status } missing { part indicators reason } consistency { status } } } } }',
  );
  reports = data.reports.edges.map((e) => e.node);
}, 180_000);
afterAll(() => api.close());

const fixtureOf = (file: string) => path.basename(file).replace(/\.src\.(txt|md|pdf)$/, '');

/** The 平潭 archive's own list (copied byte for byte with its reports). */
const ARCHIVE = parse(readFileSync(path.join(BUNDLED_DIR, 'pingtan-archive', 'INDEX.csv'), 'utf8'), { columns: true }) as {
  file: string;
  organ: string;
  year: string;
  original_url: string;
}[];

it('imports every bundled report once, in year order, and again changes nothing', async () => {
  expect(reports).toHaveLength(readManifest().length);
  expect(loadOrder).toEqual(bundledInLoadOrder().map((e) => e.file));
  expect(loadOrder.map(bundledYear)).toEqual([...loadOrder.map(bundledYear)].sort((a, b) => a - b));
  expect(await ensureBundledReports(api.dataSource)).toEqual([]);
});

it('stores each report with its year, source URL and jurisdiction, and prints what was read of each', () => {
  const rows: string[] = [];
  for (const entry of readManifest()) {
    const report = reports.find((r) => r.sourceUrl === entry.sourceUrl && r.year === bundledYear(entry.file));
    expect([entry.file, report?.year]).toEqual([entry.file, bundledYear(entry.file)]);
    if (entry.jurisdiction) expect([entry.file, report?.jurisdiction.code]).toEqual([entry.file, entry.jurisdiction]);
    const missing = report!.missing.reduce((n, m) => n + Math.max(1, m.indicators.length), 0);
    const failed = report!.consistency.filter((c) => c.status === 'FAIL').length;
    rows.push(
      `${entry.file.padEnd(46)} ${String(report!.observations.length).padStart(6)} ${String(missing).padStart(8)} ${String(failed).padStart(7)}`,
    );
  }
  console.log(
    `bundled real reports: values read, cells declared missing, identity checks failed\n${'file'.padEnd(46)} ${'values'.padStart(6)} ${'missing'.padStart(8)} ${'failed'.padStart(7)}\n${rows.join('\n')}`,
  );
});

describe('the 平潭 archive', () => {
  it('bundles every report of its index, with the source URL and the organ as printed', () => {
    const archive = readManifest().filter((e) => e.file.startsWith('pingtan-archive/'));
    // No override: the importer finds 350128 from the organ's name (平潭综合实验区 is an alias of 平潭县).
    expect(archive.map((e) => [e.file, e.sourceUrl, e.jurisdiction])).toEqual(
      ARCHIVE.map((a) => [`pingtan-archive/${a.file}`, a.original_url, undefined]),
    );
    for (const row of ARCHIVE) {
      const report = reports.find((r) => r.sourceUrl === row.original_url);
      expect([row.file, report?.organ, report?.year, report?.jurisdiction.code, report?.scope]).toEqual([
        row.file,
        `平潭综合实验区${row.organ}`,
        Number(row.year),
        '350128',
        'OWN',
      ]);
    }
  });

  it('imports the 公安局 2020 page, whose body is empty, as a report with every table declared missing', () => {
    const empty = reports.find((r) => r.sourceUrl === ARCHIVE.find((a) => a.file === 'gaj-gongan-2020.src.txt')?.original_url);
    expect(empty).toMatchObject({ organ: '平潭综合实验区公安局', year: 2020, observations: [] });
    expect(empty!.missing.map((m) => m.part)).toEqual(expect.arrayContaining(['table2', 'table3', 'table4']));
  });

  it("holds 平潭's organs 2019–2024, the renamed 国有资产管理局 as one organ", async () => {
    const data = await api.execute<{
      jurisdiction: { organs: { name: string; names: { year: number; name: string }[]; reports: { year: number }[] }[] };
    }>('{ jurisdiction(code: "350128") { organs(years: { from: 2019, to: 2024 }) { name names { year name } reports { year } } } }');
    const organs = data.jurisdiction.organs;
    // The 17 organs of the archive, and the organ that publishes the area-wide summaries.
    expect(organs).toHaveLength(new Set(ARCHIVE.map((a) => a.organ)).size - 1 + 1);
    const renamed = organs.find((o) => o.name === '平潭综合实验区国有资产管理局');
    expect(renamed?.names.map((n) => `${n.year} ${n.name}`)).toEqual([
      ...[2019, 2020, 2021, 2022, 2023].map((y) => `${y} 平潭综合实验区国有资产管理局`),
      '2024 平潭综合实验区投资促进局',
    ]);
    expect(organs.find((o) => o.name === '平潭综合实验区公安局')?.reports.map((r) => r.year)).toEqual([2024, 2022, 2021, 2020, 2019]);
  });
});

describe.each(readManifest().filter((e) => COMPLETE_REPORTS.includes(fixtureOf(e.file))))('bundled $file', (entry) => {
  it('has every expected cell, or names it as ambiguous', () => {
    const name = fixtureOf(entry.file);
    const report = reports.find((r) => r.sourceUrl === entry.sourceUrl && `${r.year}` === /\d{4}/.exec(name)?.[0]);
    expect(report).toBeDefined();
    const values = new Map(report!.observations.map((o) => [o.indicator.code, o]));
    const ambiguous = new Set(report!.missing.filter((m) => m.reason.startsWith('ambiguous')).flatMap((m) => m.indicators));
    const named = new Set(report!.missing.flatMap((m) => m.indicators));
    for (const [code, value] of expectedCells(name)) {
      if (ambiguous.has(code)) {
        expect(values.has(code)).toBe(false);
        continue;
      }
      // The fixture's null also stands for "not recoverable with certainty": absent and named is right.
      if (value === null && !values.has(code)) {
        expect([code, named.has(code)]).toEqual([code, true]);
        continue;
      }
      expect([code, values.get(code)?.value, values.get(code)?.status]).toEqual([code, value, value === null ? 'BLANK' : 'VALUE']);
    }
    expect(ambiguous.size).toBeLessThanOrEqual(name === 'pingtan-2019' ? 19 : 3);
    if (!name.startsWith('pingtan')) expect(ambiguous.size).toBe(0);
  });
});

it("files Shenzhen 2022 as the city's SUMMARY report (its text says so) with its fees and handled applications, and its tables missing", () => {
  const shenzhen = reports.find((r) => r.jurisdiction.code === '440300');
  expect(shenzhen).toMatchObject({
    organ: '深圳市人民政府',
    year: 2022,
    scope: 'SUMMARY',
    scopeEvidence: '2022年全市各级行政机关共办理政府信息公开申请9141件',
  });
  expect(readManifest().find((e) => e.file === 'shenzhen-2022.txt')).not.toHaveProperty('scope');
  const values = Object.fromEntries(shenzhen!.observations.map((o) => [o.indicator.code, o.value]));
  expect(values).toMatchObject({
    'fees.info_processing.notices': 11,
    'fees.info_processing.amount_notified_yuan': 52650,
    'fees.info_processing.amount_collected_yuan': 1200,
    'outcome.total.total': 9141,
  });
  expect(shenzhen!.missing.map((m) => m.part)).toEqual(expect.arrayContaining(['table2', 'table3', 'table4']));
});

it("files 平潭's area-wide reports as SUMMARY with the sentence that decided", () => {
  const pingtan = reports
    .filter((r) => r.jurisdiction.code === '350128' && !r.sourceUrl?.includes('/dfbmptlj/'))
    .sort((a, b) => a.year - b.year);
  expect(pingtan.map((r) => [r.year, r.scope, r.scopeEvidence])).toEqual([
    [2019, 'SUMMARY', '我区政府信息公开单位共公布政府信息2599条'],
    [2021, 'SUMMARY', '全年主动公开我区各级单位政府信息2645条'],
    [2022, 'SUMMARY', '汇总平潭综合实验区各有关单位政府信息公开工作情况编制而成'],
    [2024, 'SUMMARY', '平潭综合实验区2024年度政府信息公开工作年度报告'],
  ]);
});

it('gives hongze-district-2023 (from its PDF) failing I4 as printed', async () => {
  const data = await api.execute<{
    reports: { edges: { node: { consistency: { identity: string; scope: string; status: string }[] } }[] };
  }>('{ reports(jurisdiction: "320813") { edges { node { consistency { identity scope status } } } } }');
  const failing = data.reports.edges[0].node.consistency.filter((c) => c.status === 'FAIL');
  expect(failing).toEqual([
    { identity: 'I4', scope: 'review', status: 'FAIL' },
    { identity: 'I4', scope: 'litigation.after_review', status: 'FAIL' },
  ]);
});

describe("平潭's roll-up of its organs against its SUMMARY reports, 2019–2024", () => {
  const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
  type Value = { value: number | null; status: string };

  /** Independently of the roll-up code: the stored observations of 350128's current reports, summed here. */
  async function independent() {
    const rows = await api.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .innerJoin(OrganEntity, 'g', 'g.id = r.organ_id')
      .leftJoin(ObservationEntity, 'o', 'o.report_id = r.id')
      .select([
        'r.id AS id',
        'g.name AS name',
        'r.year AS year',
        'r.scope AS scope',
        'o.indicator_code AS code',
        'o.value AS value',
        'o.status AS status',
      ])
      .where("r.jurisdiction_code = '350128' AND r.superseded_by_id IS NULL")
      .getRawMany<{
        id: number;
        name: string;
        year: number;
        scope: string;
        code: string | null;
        value: number | null;
        status: string | null;
      }>();
    const rollup = (year: number, code: string): Value => {
      const own = rows.filter((r) => r.scope === 'OWN' && Number(r.year) === year && r.code === code);
      const values = own.filter((r) => r.status === 'VALUE');
      if (values.length > 0) return { value: values.reduce((n, r) => n + Number(r.value), 0), status: 'VALUE' };
      return { value: null, status: own.length > 0 ? 'BLANK' : 'MISSING' };
    };
    const reported = (year: number, code: string): Value => {
      const summaries = rows.filter((r) => r.scope === 'SUMMARY' && Number(r.year) === year);
      const latest = Math.max(...summaries.map((r) => Number(r.id)));
      const row = summaries.find((r) => Number(r.id) === latest && r.code === code);
      return row ? { value: row.status === 'VALUE' ? Number(row.value) : null, status: row.status! } : { value: null, status: 'MISSING' };
    };
    const ownYears = new Map<string, Set<number>>();
    for (const r of rows.filter((r) => r.scope === 'OWN')) ownYears.set(r.name, (ownYears.get(r.name) ?? new Set()).add(Number(r.year)));
    const missing = (year: number) =>
      [...ownYears]
        .filter(([, years]) => !years.has(year) && (years.has(year - 1) || years.has(year + 1)))
        .map(([name]) => name)
        .sort();
    return { rollup, reported, missing };
  }

  it('answers ROLLUP and REPORTED side by side, reconciled where both exist, naming the organs that did not report', async () => {
    const indicators = ['applications.new.total', 'outcome.total.total', 'outcome.disclosed.total', 'review.total'];
    const cells = (measure: string) =>
      `cells(jurisdictions: { codes: ["350128"] }, indicators: $indicators, years: { from: 2019, to: 2024 }, measure: ${measure}) {
         indicator { code } year value status reconciliation { reported rollup difference } coverage { organs { missing { name } } } }`;
    const data = await api.execute<
      Record<
        'rollup' | 'reported',
        {
          indicator: { code: string };
          year: number;
          value: number | null;
          status: string;
          reconciliation: { reported: number; rollup: number; difference: number } | null;
          coverage: { organs: { missing: { name: string }[] } } | null;
        }[]
      >
    >(`query($indicators: [ID!]!) { rollup: ${cells('ROLLUP')} reported: ${cells('REPORTED')} }`, { indicators });
    const expected = await independent();
    let reconciled = 0;
    for (const year of YEARS) {
      for (const code of indicators) {
        const rollup = data.rollup.find((c) => c.year === year && c.indicator.code === code)!;
        const reported = data.reported.find((c) => c.year === year && c.indicator.code === code)!;
        const [r, s] = [expected.rollup(year, code), expected.reported(year, code)];
        expect([year, code, rollup.value, rollup.status]).toEqual([year, code, r.value, r.status]);
        expect([year, code, reported.value, reported.status]).toEqual([year, code, s.value, s.status]);
        const both = r.value !== null && s.value !== null;
        expect([year, code, rollup.reconciliation]).toEqual([
          year,
          code,
          both ? { reported: s.value, rollup: r.value, difference: s.value! - r.value! } : null,
        ]);
        if (both) reconciled++;
        expect([year, rollup.coverage?.organs.missing.map((o) => o.name)]).toEqual([year, expected.missing(year)]);
        expect(reported.coverage).toBeNull();
      }
    }
    // 平潭's 2022 summary is a SUMMARY on any reading; 公安局 published no report for 2023.
    expect(reconciled).toBeGreaterThanOrEqual(indicators.length);
    expect(expected.missing(2023)).toContain('平潭综合实验区公安局');
  });
});
