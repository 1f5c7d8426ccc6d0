import { organKindOf } from '../../src/ingestion/parsers/report-metadata';

describe('organKindOf: a government or one of its departments', () => {
  it.each([
    ['深圳市人民政府', 'GOVERNMENT'],
    ['上海市人民政府办公厅', 'GOVERNMENT'],
    ['深圳市人民政府办公室', 'GOVERNMENT'],
    ['某某县政府办公室', 'GOVERNMENT'],
    ['平潭综合实验区管委会', 'GOVERNMENT'],
    ['平潭综合实验区管委会办公室', 'GOVERNMENT'],
    ['平潭综合实验区管理委员会', 'GOVERNMENT'],
    ['平潭综合实验区管理委员会办公室', 'GOVERNMENT'],
    ['苏州工业园区管理委员会', 'GOVERNMENT'],
    ['石家庄高新区管委会', 'GOVERNMENT'],
    ['某某街道办事处', 'GOVERNMENT'],
    ['某某镇', 'GOVERNMENT'],
    ['平潭综合实验区', 'GOVERNMENT'],
    ['宿迁市', 'GOVERNMENT'],
    ['平潭综合实验区君山片区管理局', 'DEPARTMENT'],
    ['平潭综合实验区海坛片区管理局', 'DEPARTMENT'],
    ['平潭综合实验区公安局', 'DEPARTMENT'],
    ['深圳市人民政府国有资产监督管理委员会', 'DEPARTMENT'],
    ['北京市城市管理委员会', 'DEPARTMENT'],
    ['深圳市发展和改革委员会', 'DEPARTMENT'],
    ['深圳市政府外事办公室', 'DEPARTMENT'],
    ['深圳市人民政府发展研究中心', 'DEPARTMENT'],
    ['国家新闻出版署', 'DEPARTMENT'],
    ['平潭综合实验区君山片区', 'DEPARTMENT'],
  ])('%s → %s', (organ, kind) => {
    expect(organKindOf(organ)).toBe(kind);
  });

  it('says nothing without an organ', () => {
    expect(organKindOf(null)).toBeNull();
  });
});
