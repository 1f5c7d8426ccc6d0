import { loadDivisions } from '../../src/jurisdictions/division.catalog';
import { OrganNameMatcher } from '../../src/jurisdictions/organ-name.matcher';

const matcher = new OrganNameMatcher(loadDivisions());

describe('OrganNameMatcher', () => {
  it.each([
    ['深圳市罗湖区人民政府', '440303'],
    ['淮安市洪泽区人民政府', '320813'],
    ['洪泽区人民政府', '320813'],
    ['平潭综合实验区管委会', '350128'],
    ['上海市人民政府办公厅', '310000'],
    ['深圳市人民政府', '440300'],
    ['深圳市公安局', '440300'],
    ['深圳市福田区交通运输局', '440304'],
    ['广东省人民政府', '440000'],
    ['北京市朝阳区人民政府', '110105'],
    ['长春市朝阳区人民政府', '220104'],
    ['东莞市人民政府', '441900'],
    ['济源市人民政府', '419001'],
    ['武汉市生态环境局', '420100'],
  ])('%s → %s', (organ, code) => {
    expect(matcher.match(organ)).toMatchObject({ code });
  });

  it('says when a name is ambiguous and when nothing matches', () => {
    const result = matcher.match('朝阳区人民政府');
    expect(result).toHaveProperty('ambiguous');
    expect((result as { ambiguous: { code: string }[] }).ambiguous.map((a) => a.code).sort()).toEqual(expect.arrayContaining(['110105', '220104']));
    expect(matcher.match('国家新闻出版署')).toBeNull();
  });
});
