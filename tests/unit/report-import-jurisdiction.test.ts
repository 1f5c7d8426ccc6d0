import { isExpectedError } from '../../src/errors';
import { ReportImportService, type ImportOverrides } from '../../src/ingestion/report-import.service';
import { generateReportValues, renderFlattenedText, seededRng } from '../support/synthetic-report';

/** The importer settles the jurisdiction of a small synthetic report whose title names the organ. */
const importer = ReportImportService.offline();

function reportBy(organ: string): Buffer {
  const report = generateReportValues(seededRng(11), { version: '2021' });
  report.organ = organ;
  report.year = 2023;
  return Buffer.from(renderFlattenedText(report));
}

const dryRun = (organ: string, overrides: ImportOverrides = {}) =>
  importer.importReport({ content: reportBy(organ), fileName: 'report.txt' }, overrides, { dryRun: true });

async function rejection(organ: string) {
  try {
    await dryRun(organ);
  } catch (error) {
    if (isExpectedError(error)) return { code: error.code, message: error.message, extensions: error.extensions };
    throw error;
  }
  throw new Error(`${organ} was imported`);
}

describe('ReportImportService: the jurisdiction of the organ', () => {
  it('refuses a misspelt county, naming the nearest candidates and how to give the code', async () => {
    const refused = await rejection('宿迁市沐阳县人民政府');
    expect(refused.code).toBe('UNKNOWN_JURISDICTION');
    expect(refused.message).toContain(
      '"沐阳县", which is not a jurisdiction of the hierarchy: did you mean 321322 沭阳县 (宿迁市), 321323 泗阳县 (宿迁市)?',
    );
    expect(refused.message).toContain('--jurisdiction (CLI) or `jurisdiction` (mutation)');
    expect(refused.extensions).toMatchObject({
      unknownName: '沐阳县',
      candidates: [{ code: '321322', name: '沭阳县', parentName: '宿迁市' }, { code: '321323' }],
    });
  });

  it('imports the same report once the code is given', async () => {
    const result = await dryRun('宿迁市沐阳县人民政府', { jurisdiction: '321322' });
    expect(result).toMatchObject({
      jurisdiction: '321322',
      jurisdictionName: '沭阳县',
      organ: '宿迁市沐阳县人民政府',
      organKind: 'GOVERNMENT',
      outcome: 'DRY_RUN',
    });
  });

  it('names the look-alike first when nothing else is named, and says how many more there are', async () => {
    const refused = await rejection('沐阳县人民政府');
    expect(refused.code).toBe('UNKNOWN_JURISDICTION');
    expect(refused.message).toMatch(/did you mean 321322 沭阳县 \(宿迁市\), .* or \d+ more\?/);
    expect((refused.extensions.candidates as unknown[]).length).toBe(10);
  });

  it('refuses a misspelt alias with the alias named', async () => {
    expect((await rejection('平谭综合实验区管委会')).message).toContain('did you mean 350128 平潭县 (福州市) as 平潭综合实验区?');
  });

  it('refuses a name without any place as before, and ambiguous names with the parents of the candidates', async () => {
    const none = await rejection('某某有限公司');
    expect(none).toMatchObject({
      code: 'UNKNOWN_JURISDICTION',
      message: expect.stringContaining('No jurisdiction of the hierarchy is named in the organ "某某有限公司"'),
    });
    const ambiguous = await rejection('朝阳区人民政府');
    expect(ambiguous.code).toBe('AMBIGUOUS_JURISDICTION');
    expect(ambiguous.message).toContain('110105 朝阳区 (北京市), 220104 朝阳区 (长春市)');
  });

  it('files the 平潭 organs under 350128 through the alias table, with their kinds', async () => {
    for (const [organ, kind] of [
      ['平潭综合实验区管委会办公室', 'GOVERNMENT'],
      ['平潭综合实验区公安局', 'DEPARTMENT'],
      ['平潭综合实验区君山片区管理局', 'DEPARTMENT'],
      ['平潭综合实验区自然资源与生态环境局', 'DEPARTMENT'],
    ]) {
      const result = await dryRun(organ);
      expect(result).toMatchObject({ jurisdiction: '350128', jurisdictionName: '平潭县', organ, organKind: kind });
      expect(result.warnings.filter((w) => /zone/.test(w))).toEqual([]);
    }
  });

  it('warns when the jurisdiction is a functional zone, and when a zone has no code of its own', async () => {
    const zone = await dryRun('石家庄高新区管委会');
    expect(zone).toMatchObject({ jurisdiction: '130171', jurisdictionName: '石家庄高新技术产业开发区', organKind: 'GOVERNMENT' });
    expect(zone.warnings).toContainEqual(
      expect.stringContaining('130171 石家庄高新技术产业开发区 is a functional zone (功能区) of 石家庄市'),
    );
    const given = await dryRun('某某管委会', { jurisdiction: '130372' });
    expect(given.warnings).toContainEqual(expect.stringContaining('130372 北戴河新区 is a functional zone'));
    const unnamed = await dryRun('成都市高新区管委会');
    expect(unnamed.jurisdiction).toBe('510100');
    expect(unnamed.warnings).toContainEqual(
      expect.stringContaining('The organ names 高新区, a functional zone without a GB/T 2260 code of its own: filed under 510100 成都市'),
    );
    expect((await dryRun('深圳市罗湖区人民政府')).warnings.filter((w) => /zone/.test(w))).toEqual([]);
  });
});
