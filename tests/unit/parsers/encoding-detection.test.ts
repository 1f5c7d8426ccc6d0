import * as iconv from 'iconv-lite';
import { parseReport } from '../../../src/ingestion/parsers/report.parser';
import { generateReportValues, renderHtmlReport, seededRng } from '../../support/synthetic-report';

/** The same small HTML report in GBK with a meta charset, GBK with no declaration, and UTF-8 with a BOM. */
describe('HTML encodings', () => {
  const report = generateReportValues(seededRng(42), { version: '2021' });
  const html = renderHtmlReport(report);
  const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html, 'utf8')]);
  const gbkMeta = iconv.encode(
    html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
    'gbk',
  );
  const gbkNoMeta = iconv.encode(html.replace('<meta charset="utf-8">', ''), 'gbk');

  it('parse identically', async () => {
    const [a, b, c] = await Promise.all([utf8Bom, gbkMeta, gbkNoMeta].map((content) => parseReport({ content, fileName: 'report.html' })));
    expect(a.observations.length).toBe(report.cells.size);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.organ).toBe('某某市某某区人民政府');
  });

  it('a wrong declared charset falls back to what the bytes are', async () => {
    const lying = iconv.encode(html.replace('<meta charset="utf-8">', '<meta charset="utf-8">'), 'gbk');
    const r = await parseReport({ content: lying, contentType: 'text/html' });
    expect(r.observations.length).toBe(report.cells.size);
  });

  it('GBK plain text without any declaration', async () => {
    const text = iconv.encode(
      '某某县人民政府2020年政府信息公开工作年度报告\n六、其他需要报告的事项\n本年度无发出收费通知，无收取信息处理费用。',
      'gbk',
    );
    const r = await parseReport({ content: text, fileName: 'report.txt' });
    expect(r.year).toBe(2020);
    expect(r.observations.map((o) => [o.indicator, o.value])).toEqual([
      ['fees.info_processing.notices', 0],
      ['fees.info_processing.amount_collected_yuan', 0],
    ]);
  });
});
