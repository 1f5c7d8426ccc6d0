import { OrganService } from '../../src/organs/organ.service';
import { createTestApi, type TestApi } from '../support/api';
import { storeReport } from '../support/factories';

/**
 * Organs: one reporting body across the years whatever name it prints, its revisions, its series,
 * per-organ cells and rankings (`organsOf`), and the organs a roll-up lacks (`coverage.organs`).
 * Reports made by the factory: 平潭 (350128) with a renamed organ, one that skipped a year and one
 * set up later; 福清市 (350181) with a department of its own.
 */
const P = '平潭综合实验区';
const NEW = 'applications.new.total';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi(undefined, async (dataSource) => {
    const store = (organ: string, year: number, value: number | null, more: Partial<Parameters<typeof storeReport>[1]> = {}) =>
      storeReport(dataSource, {
        jurisdiction: '350128',
        year,
        organ: `${P}${organ}`,
        organKind: 'DEPARTMENT',
        values: { [NEW]: value, 'review.total': 0 },
        ...more,
      });
    for (const year of [2021, 2022, 2023, 2024]) {
      await store(year === 2024 ? '投资促进局' : '国有资产管理局', year, year); // renamed in 2024
      if (year !== 2023) await store('公安局', year, 10 * year - 20200); // skipped 2023
      if (year >= 2023) await store('海坛片区管理局', year, year === 2023 ? null : 5); // set up 2023, a blank
      await store('管委会', year, 1000, { organKind: 'GOVERNMENT', scope: 'SUMMARY' });
    }
    await storeReport(dataSource, {
      jurisdiction: '350181',
      year: 2023,
      organ: '福清市财政局',
      organKind: 'DEPARTMENT',
      values: { [NEW]: 7 },
    });
  });
});
afterAll(() => api.close());

interface Organ {
  id: string;
  name: string;
  kind: string;
  names: { year: number; name: string }[];
}

const organsOf = async (years?: { from: number; to: number }) =>
  (
    await api.execute<{ jurisdiction: { organs: Organ[] } }>(
      'query($years: YearRange) { jurisdiction(code: "350128") { organs(years: $years) { id name kind names { year name } } } }',
      {
        years,
      },
    )
  ).jurisdiction.organs;

describe('Jurisdiction.organs', () => {
  it('lists a renamed organ once, with its name by year', async () => {
    const organs = await organsOf();
    expect(organs.map((o) => [o.name, o.kind])).toEqual([
      [`${P}管委会`, 'GOVERNMENT'],
      [`${P}公安局`, 'DEPARTMENT'],
      [`${P}国有资产管理局`, 'DEPARTMENT'],
      [`${P}海坛片区管理局`, 'DEPARTMENT'],
    ]);
    expect(organs.find((o) => o.name.endsWith('国有资产管理局'))?.names).toEqual([
      { year: 2021, name: `${P}国有资产管理局` },
      { year: 2022, name: `${P}国有资产管理局` },
      { year: 2023, name: `${P}国有资产管理局` },
      { year: 2024, name: `${P}投资促进局` },
    ]);
  });

  it('lists only organs that reported in the years asked for', async () => {
    expect((await organsOf({ from: 2021, to: 2022 })).map((o) => o.name)).toEqual([`${P}管委会`, `${P}公安局`, `${P}国有资产管理局`]);
    expect(await organsOf({ from: 2010, to: 2012 })).toEqual([]);
  });

  it('refuses a reversed year range', async () => {
    const errors = await api.errorsOf('{ jurisdiction(code: "350128") { organs(years: { from: 2024, to: 2021 }) { id } } }');
    expect(errors).toEqual([
      { code: 'BAD_USER_INPUT', message: expect.stringContaining('years.from (2024) must not be after years.to (2021)') },
    ]);
  });
});

describe('Organ.series and Organ.reports', () => {
  it("gives the organ's own values by year, VALUE, BLANK or MISSING", async () => {
    const data = await api.execute<{
      jurisdiction: {
        organs: { name: string; series: { cells: { year: number; value: number | null; status: string; organ: { name: string } }[] }[] }[];
      };
    }>(
      `{ jurisdiction(code: "350128") { organs { name series(indicators: ["${NEW}"], years: { from: 2022, to: 2024 }) { cells { year value status organ { name } } } } } }`,
    );
    const cells = Object.fromEntries(
      data.jurisdiction.organs.map((o) => [o.name.replace(P, ''), o.series[0].cells.map((c) => [c.year, c.value, c.status])]),
    );
    expect(cells).toEqual({
      // A SUMMARY report is not the organ's own figure.
      管委会: [
        [2022, null, 'MISSING'],
        [2023, null, 'MISSING'],
        [2024, null, 'MISSING'],
      ],
      公安局: [
        [2022, 20, 'VALUE'],
        [2023, null, 'MISSING'],
        [2024, 40, 'VALUE'],
      ],
      国有资产管理局: [
        [2022, 2022, 'VALUE'],
        [2023, 2023, 'VALUE'],
        [2024, 2024, 'VALUE'],
      ],
      海坛片区管理局: [
        [2022, null, 'MISSING'],
        [2023, null, 'BLANK'],
        [2024, 5, 'VALUE'],
      ],
    });
    expect(data.jurisdiction.organs[1].series[0].cells[0].organ.name).toBe(`${P}公安局`);
  });

  it('lists its current reports, newest first, under each name printed', async () => {
    const data = await api.execute<{ jurisdiction: { organs: { name: string; reports: { year: number; organ: string }[] }[] } }>(
      '{ jurisdiction(code: "350128") { organs { name reports(years: { from: 2023, to: 2024 }) { year organ } } } }',
    );
    expect(data.jurisdiction.organs.find((o) => o.name.endsWith('国有资产管理局'))?.reports).toEqual([
      { year: 2024, organ: `${P}投资促进局` },
      { year: 2023, organ: `${P}国有资产管理局` },
    ]);
  });
});

describe('organsOf in cells, matrix and ranking', () => {
  it('ranks the organs of one jurisdiction by their own reports, and lists those without a value', async () => {
    const data = await api.execute<{
      ranking: {
        rankedCount: number;
        entries: { rank: number; value: number; cell: { organ: { name: string }; jurisdiction: { code: string } } }[];
        unranked: { status: string; cell: { organ: { name: string } } }[];
      };
    }>(
      `{ ranking(indicator: "${NEW}", year: 2023, among: { organsOf: "350128" }) {
          rankedCount entries { rank value cell { organ { name } jurisdiction { code } } } unranked { status cell { organ { name } } } } }`,
    );
    expect(data.ranking.rankedCount).toBe(1);
    expect(data.ranking.entries).toEqual([
      { rank: 1, value: 2023, cell: { organ: { name: `${P}国有资产管理局` }, jurisdiction: { code: '350128' } } },
    ]);
    // 公安局 skipped 2023 (it reported 2022 and 2024); 海坛 printed a blank. The 管委会 filed only SUMMARY reports.
    expect(data.ranking.unranked.map((u) => [u.cell.organ.name.replace(P, ''), u.status])).toEqual([
      ['公安局', 'MISSING'],
      ['海坛片区管理局', 'BLANK'],
    ]);
  });

  it('answers OWN and ROLLUP alike per organ, with yoy and sources', async () => {
    const query = (measure: string) =>
      api.execute<{
        cells: {
          organ: { name: string };
          year: number;
          value: number | null;
          yoy: { absolute: number | null };
          sources: { organ: string }[];
          coverage: unknown;
          reconciliation: unknown;
        }[];
      }>(
        `{ cells(jurisdictions: { organsOf: "350128" }, indicators: ["${NEW}"], years: { from: 2024, to: 2024 }, measure: ${measure}) {
            organ { name } year value yoy { absolute } sources { organ } coverage { expected } reconciliation { difference } } }`,
      );
    const own = await query('OWN');
    expect(await query('ROLLUP')).toEqual(own);
    const renamed = own.cells.find((c) => c.organ.name.endsWith('国有资产管理局'));
    expect(renamed).toEqual({
      organ: { name: `${P}国有资产管理局` },
      year: 2024,
      value: 2024,
      yoy: { absolute: 1 },
      sources: [{ organ: `${P}投资促进局` }],
      coverage: null,
      reconciliation: null,
    });
  });

  it('gives matrix an organs axis', async () => {
    const data = await api.execute<{
      matrix: { organs: { name: string }[]; jurisdictions: { code: string }[]; values: (number | null)[] };
    }>(
      `{ matrix(jurisdictions: { organsOf: "350128" }, indicators: ["${NEW}"], years: { from: 2024, to: 2024 }, measure: OWN) { organs { name } jurisdictions { code } values } }`,
    );
    // The 管委会 filed only SUMMARY reports: it has no figures of its own to answer.
    expect(data.matrix.organs.map((o) => o.name.replace(P, ''))).toEqual(['公安局', '国有资产管理局', '海坛片区管理局']);
    expect(data.matrix.jurisdictions.map((j) => j.code)).toEqual(['350128', '350128', '350128']);
    expect(data.matrix.values).toEqual([40, 2024, 5]);
  });

  it.each([
    ['REPORTED, which no organ has', '{ organsOf: "350128" }', 'REPORTED', /measure REPORTED is a jurisdiction's SUMMARY report.*use OWN/],
    [
      'organsOf beside other fields',
      '{ organsOf: "350128", level: COUNTY }',
      'OWN',
      /organsOf selects the organs of one jurisdiction on its own/,
    ],
    ['an unknown code', '{ organsOf: "359999" }', 'OWN', /organsOf: "359999" is not a jurisdiction code/],
    ['a malformed code', '{ organsOf: "35" }', 'OWN', /organsOf must be a six-digit/],
  ])('refuses %s with BAD_USER_INPUT', async (_case, selector, measure, message) => {
    const errors = await api.errorsOf(
      `{ cells(jurisdictions: ${selector}, indicators: ["${NEW}"], years: { from: 2024, to: 2024 }, measure: ${measure}) { value } }`,
    );
    expect(errors).toEqual([{ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) }]);
  });
});

describe('coverage.organs of a roll-up', () => {
  it('names the organs expected for the year that did not report', async () => {
    const data = await api.execute<{
      cells: {
        year: number;
        value: number;
        coverage: { organs: { expected: number; reported: number; complete: boolean; missing: { name: string; kind: string }[] } };
      }[];
    }>(
      `{ cells(jurisdictions: { codes: ["350128"] }, indicators: ["${NEW}"], years: { from: 2021, to: 2024 }, measure: ROLLUP) {
          year value coverage { organs { expected reported complete missing { name kind } } } } }`,
    );
    expect(data.cells.map((c) => [c.year, c.value, c.coverage.organs])).toEqual([
      [2021, 2021 + 10, { expected: 2, reported: 2, complete: true, missing: [] }],
      // 海坛 is expected the year before its first report.
      [2022, 2022 + 20, { expected: 3, reported: 2, complete: false, missing: [{ name: `${P}海坛片区管理局`, kind: 'DEPARTMENT' }] }],
      [2023, 2023, { expected: 3, reported: 2, complete: false, missing: [{ name: `${P}公安局`, kind: 'DEPARTMENT' }] }],
      [2024, 2024 + 40 + 5, { expected: 3, reported: 3, complete: true, missing: [] }],
    ]);
  });

  it('over aggregated years names an organ missing in any year it was expected', async () => {
    const data = await api.execute<{ cells: { coverage: { organs: { expected: number; missing: { name: string }[] } } }[] }>(
      `{ cells(jurisdictions: { codes: ["350128"] }, indicators: ["${NEW}"], years: { from: 2023, to: 2024 }, measure: ROLLUP, aggregateYears: true) { coverage { organs { expected missing { name } } } } }`,
    );
    expect(data.cells[0].coverage.organs).toEqual({ expected: 3, missing: [{ name: `${P}公安局` }] });
  });
});

describe('revisions and kinds follow the organ', () => {
  it('supersedes the earlier revision of the year whatever name either prints', async () => {
    const before = await api.execute<{ jurisdiction: { organs: { id: string; name: string }[] } }>(
      '{ jurisdiction(code: "350128") { organs { id name } } }',
    );
    await storeReport(api.dataSource, {
      jurisdiction: '350128',
      year: 2024,
      organ: `${P} 国有资产管理局`,
      organKind: 'DEPARTMENT',
      values: { [NEW]: 99 },
    });
    const data = await api.execute<{
      reports: { edges: { node: { organ: string; revision: number; supersededBy: { revision: number } | null } }[] };
    }>(
      '{ reports(jurisdiction: "350128", year: 2024, includeSuperseded: true, first: 50) { edges { node { organ revision supersededBy { revision } } } } }',
    );
    const revisions = data.reports.edges.map((e) => e.node).filter((r) => r.organ.includes('国有资产') || r.organ.includes('投资促进'));
    expect(revisions).toEqual([
      { organ: `${P}投资促进局`, revision: 1, supersededBy: { revision: 2 } },
      { organ: `${P} 国有资产管理局`, revision: 2, supersededBy: null },
    ]);
    const after = await api.execute<{ jurisdiction: { organs: { id: string; name: string }[] } }>(
      '{ jurisdiction(code: "350128") { organs { id name } } }',
    );
    expect(after).toEqual(before);
  });

  it("takes an organ's kind from its latest report", async () => {
    await storeReport(api.dataSource, {
      jurisdiction: '350181',
      year: 2022,
      organ: '福清市财政局',
      organKind: 'GOVERNMENT',
      values: { [NEW]: 1 },
    });
    const kind = async () =>
      (await api.execute<{ jurisdiction: { organs: { kind: string }[] } }>('{ jurisdiction(code: "350181") { organs { kind } } }'))
        .jurisdiction.organs[0].kind;
    expect(await kind()).toBe('DEPARTMENT');
    await storeReport(api.dataSource, {
      jurisdiction: '350181',
      year: 2024,
      organ: '福清市财政局',
      organKind: 'GOVERNMENT',
      values: { [NEW]: 1 },
    });
    expect(await kind()).toBe('GOVERNMENT');
  });
});

describe('OrganService for checks across years', () => {
  it("finds an organ's current report of a year and a report's neighbours", async () => {
    const organs = new OrganService(api.dataSource);
    const [police] = await organs.ownReportingOrgans('350128', 2022, 2022).then((list) => list.filter((o) => o.name.endsWith('公安局')));
    const r2022 = await organs.currentReport(police.id, 2022);
    expect(r2022).toMatchObject({ year: 2022, organ: `${P}公安局` });
    expect(await organs.currentReport(police.id, 2023)).toBeNull();
    const { previous, next } = await organs.neighbours(r2022!.id);
    expect([previous?.year, next]).toEqual([2021, null]);
  });
});

it('batches organs, their names, reports and series: statements do not grow with the number of jurisdictions', async () => {
  const query = `query($codes: [ID!]) { jurisdictions(codes: $codes, first: 50) { edges { node {
    organs { name names { name } reports { year } series(indicators: ["${NEW}"], years: { from: 2022, to: 2024 }) { cells { value } } } } } } }`;
  const count = async (codes: string[]) => {
    await api.execute(query, { codes });
    api.statements.length = 0;
    await api.execute(query, { codes });
    return api.statements.length;
  };
  expect(await count(['350128', '350181', '350102', '350103', '350104', '350105', '350111', '350121'])).toBe(await count(['350128']));
});
