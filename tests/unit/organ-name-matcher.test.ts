import { loadDivisions } from '../../src/jurisdictions/division.catalog';
import { loadJurisdictionAliases } from '../../src/jurisdictions/jurisdiction-alias.catalog';
import { OrganNameMatcher, type OrganMatch } from '../../src/jurisdictions/organ-name.matcher';

const rows = loadDivisions();
const matcher = new OrganNameMatcher(rows, loadJurisdictionAliases(rows));
const parentOf = new Map(rows.map((r) => [r.code, r.parentCode]));

const codeOf = (m: OrganMatch) => (m && 'code' in m ? m.code : m);

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
    ['广东省深圳市罗湖区人民政府', '440303'],
    ['中共深圳市罗湖区委员会', '440303'],
    ['国家税务总局深圳市税务局', '440300'],
    ['福建省平潭综合实验区管理委员会', '350128'],
    ['平潭县人民政府', '350128'],
    ['江苏淮安洪泽区人民政府', '320813'],
  ])('finds the place the name starts with: %s → %s', (organ, code) => {
    expect(codeOf(matcher.match(organ))).toBe(code);
  });

  // A place name inside the organ's own name, after the jurisdiction, is a word of that name.
  it.each([
    ['平潭综合实验区公安局', '350128', '公安县 (湖北) is no place inside 平潭'],
    ['平潭综合实验区君山片区管理局', '350128', '君山区 (岳阳) is no place inside 平潭'],
    ['平潭综合实验区自然资源与生态环境局', '350128', '资源县 (桂林) is no place inside 平潭'],
    ['荆州市公安局', '421000', '公安县 is inside 荆州市 but is named without 县'],
    ['桂林市自然资源局', '450300', '资源县 is inside 桂林市 but is named without 县'],
    ['兴安县自然资源局', '450325', '资源县 is a neighbour of 兴安县, not inside it'],
    ['荆州市公安县人民政府', '421022', '公安县 with its suffix, inside 荆州市, is the place'],
    ['深圳公安局', '440300', 'a name without suffix at the very start still names its place'],
  ])('reads place names in the organ part as words: %s → %s (%s)', (organ, code) => {
    expect(codeOf(matcher.match(organ))).toBe(code);
  });

  // The organs of the 平潭 archive (INDEX.csv and the titles of its files) and of its bundled summaries.
  it.each([
    '平潭综合实验区财政金融局',
    '平潭综合实验区财政全融局',
    '平潭综合实验区公安局',
    '平潭综合实验区管委会办公室',
    '平潭综合实验区国有资产管理局',
    '平潭综合实验区投资促进局',
    '平潭综合实验区海坛片区管理局',
    '平潭综合实验区海坛片区管理局关于',
    '平潭综合实验区行政审批局',
    '平潭综合实验区经济发展局',
    '平潭综合实验区金井片区管理局',
    '平潭综合实验区君山片区管理局',
    '平潭综合实验区交通与建设局',
    '平潭综合实验区旅游与文化体育局',
    '平潭综合实验区农业农村局',
    '平潭综合实验区市场监督管理局',
    '平潭综合实验区社会事业局',
    '平潭综合实验区苏平片区管理局',
    '平潭综合实验区苏平片区管理局关于报送',
    '平潭综合实验区综合执法与应急管理局',
    '平潭综合实验区自然资源与生态环境局',
    '平潭综合实验区管委会',
    '平潭实验区管委会',
  ])('files every 平潭 organ under 350128: %s', (organ) => {
    expect(matcher.match(organ)).toEqual({ code: '350128', name: '平潭县', functionalZone: false, unnamedZone: null });
  });

  it('needs the alias table for 平潭综合实验区 only beyond its stem', () => {
    const bare = new OrganNameMatcher(rows);
    expect(codeOf(bare.match('平潭综合实验区管委会'))).toBe('350128');
    expect(bare.match('平潭综合实验区公安局')).toMatchObject({ code: '350128' });
    expect(bare.match('平潭实验区管委会')).toMatchObject({ code: '350128', unnamedZone: '实验区' });
    expect(matcher.match('平潭实验区管委会')).toMatchObject({ code: '350128', unnamedZone: null });
  });

  it.each([
    ['石家庄高新区管委会', '130171'],
    ['石家庄市高新区管委会', '130171'],
    ['石家庄高新技术产业开发区管理委员会', '130171'],
    ['河北省石家庄市高新区管委会', '130171'],
    ['北戴河新区管委会', '130372'],
    ['秦皇岛市经开区管委会', '130371'],
    ['秦皇岛经济技术开发区管委会', '130371'],
    ['唐山芦台经开区管委会', '130271'],
    ['河北唐山芦台经济开发区管委会', '130271'],
    ['长春净月高新区管委会', '220172'],
    ['长春高新区管委会', '220173'],
    ['长春汽车经开区管委会', '220174'],
    ['威海火炬高新区管委会', '371071'],
    ['镇江新区管委会', '321171'],
    ['兰州新区管委会', '620171'],
    ['苏州工业园区管理委员会', '320571'],
    ['怀化市洪江管理区管委会', '431271'],
    ['达孜工业园区管委会', '540174'],
    ['乌拉盖管委会', '152571'],
    ['郑州航空港区管委会', '410173'],
    ['宿迁经济技术开发区管委会', '321371'],
  ])('resolves a functional zone from its name or short form: %s → %s', (organ, code) => {
    expect(matcher.match(organ)).toMatchObject({ code, functionalZone: true });
  });

  it.each([
    ['秦皇岛市北戴河区人民政府', '130304', '北戴河新区 is a zone of the same city'],
    ['北戴河区人民政府', '130304', ''],
    ['镇江市人民政府', '321100', '镇江新区 without 新区 is not the city'],
    ['兰州市人民政府', '620100', ''],
    ['洪江市人民政府', '431281', '洪江管理区 is a zone of the same prefecture'],
    ['拉萨市达孜区人民政府', '540104', '达孜工业园区 is a zone'],
    ['库尔勒市人民政府', '652801', '库尔勒经济技术开发区 is a zone'],
    ['天津市滨海新区人民政府', '120116', '滨海新区 is a district'],
    ['上海市浦东新区人民政府', '310115', '浦东新区 is a district'],
    ['吉林市人民政府', '220200', '吉林经济开发区 is a zone of the city'],
  ])('never files a county or city as a zone: %s → %s (%s)', (organ, code) => {
    expect(matcher.match(organ)).toMatchObject({ code, functionalZone: false });
  });

  it('names a zone without a code of its own, filed under its city', () => {
    expect(matcher.match('成都市高新区管委会')).toEqual({ code: '510100', name: '成都市', functionalZone: false, unnamedZone: '高新区' });
    expect(matcher.match('宿迁市湖滨新区管委会')).toMatchObject({ code: '321300', unnamedZone: '湖滨新区' });
    expect(matcher.match('深圳市开发区管委会')).toMatchObject({ code: '440300', unnamedZone: '开发区' });
  });

  it.each([
    ['延边州人民政府', '222400'],
    ['湘西州人民政府', '433100'],
    ['湘西土家族苗族自治州人民政府', '433100'],
    ['长阳县人民政府', '420528'],
    ['双江县人民政府', '530925'],
  ])('knows autonomous areas by their short names: %s → %s', (organ, code) => {
    expect(codeOf(matcher.match(organ))).toBe(code);
  });

  it('says when a name is ambiguous and when nothing matches', () => {
    const result = matcher.match('朝阳区人民政府');
    expect(result).toHaveProperty('ambiguous');
    expect((result as { ambiguous: { code: string }[] }).ambiguous.map((a) => a.code).sort()).toEqual(
      expect.arrayContaining(['110105', '220104']),
    );
    expect(matcher.match('高新区管委会')).toBeNull();
    // 高新区 alone is a zone only after its city: after the province it names no zone of the hierarchy.
    expect(matcher.match('河北省高新区管委会')).toEqual({ code: '130000', name: '河北省', functionalZone: false, unnamedZone: '高新区' });
    expect(matcher.match('国家新闻出版署')).toBeNull();
    expect(matcher.match('自然资源部')).toBeNull();
  });

  const misspelt = (organ: string) => {
    const m = matcher.match(organ);
    if (!m || !('misspelt' in m)) throw new Error(`${organ} was not refused: ${JSON.stringify(m)}`);
    return m;
  };

  it.each([
    ['宿迁市沐阳县人民政府', '沐阳县', '321322', '沭阳县 under 宿迁市 instead of the prefecture'],
    ['淮安市洪泽县人民政府', '洪泽县', '320813', 'a wrong level suffix'],
    ['宿千市沭阳县人民政府', '宿千市', '321300', 'a misspelt ancestor before the place'],
    ['北京市朝杨区人民政府', '朝杨区', '110105', 'only the 朝阳区 inside 北京市'],
    ['宿迁市泌阳县人民政府', '泌阳县', '321323', 'a real county of another province, one edit from two counties of 宿迁市'],
    ['沐阳县人民政府', '沐阳县', '321322', 'nothing named: the look-alike first'],
    ['平谭综合实验区管委会', '平谭综合实验区', '350128', 'one edit from an alias'],
    ['商丘市粱园区人民政府', '粱园区', '411402', 'a district named like a zone (梁园区), misspelt'],
  ])('refuses a near miss, never matching it silently: %s (%s)', (organ, text, first) => {
    const m = misspelt(organ);
    expect(m.misspelt).toBe(text);
    expect(m.candidates[0].code).toBe(first);
  });

  it('prefers the candidates inside (or above) the places already named', () => {
    const m = misspelt('宿迁市沐阳县人民政府');
    expect(m.candidates.map((c) => [c.code, c.name, c.parentName])).toEqual([
      ['321322', '沭阳县', '宿迁市'],
      ['321323', '泗阳县', '宿迁市'],
    ]);
    expect(misspelt('北京市朝杨区人民政府').candidates.map((c) => c.code)).toEqual(['110105']);
    expect(misspelt('宿千市沭阳县人民政府').candidates).toEqual([{ code: '321300', name: '宿迁市', parentName: '江苏省' }]);
    expect(misspelt('平谭综合实验区管委会').candidates).toEqual([
      { code: '350128', name: '平潭县', parentName: '福州市', alias: '平潭综合实验区' },
    ]);
    // With nothing named, every county one character off is offered: ?阳县 and 沐?县 across China.
    const anywhere = misspelt('沐阳县人民政府').candidates;
    expect(anywhere.length).toBeGreaterThan(10);
    expect(anywhere.some((c) => parentOf.get(c.code) === '321300' && c.code === '321323')).toBe(true);
  });

  it('resolves every jurisdiction named with its parent, for its government and its departments', () => {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const wrong: string[] = [];
    for (const row of rows) {
      const parent = row.level === 'COUNTY' && row.parentCode ? (byCode.get(row.parentCode)?.name ?? '') : '';
      for (const organ of ['人民政府', '人民政府办公室', '公安局', '自然资源局', '市场监督管理局', '管委会']) {
        const m = matcher.match(parent + row.name + organ);
        if (codeOf(m) !== row.code) wrong.push(`${parent}${row.name}${organ}: ${JSON.stringify(m)}`);
      }
    }
    // The data package lists 三明市's 三元区 under two codes (350403 and 350404): that stays ambiguous.
    expect(wrong.filter((w) => !w.startsWith('三明市三元区'))).toEqual([]);
  });

  it('does not take words of an organ for misspelt places', () => {
    expect(codeOf(matcher.match('平潭综合实验区君山片区管理局'))).toBe('350128');
    expect(codeOf(matcher.match('深圳市市场监督管理局'))).toBe('440300');
    expect(codeOf(matcher.match('武汉市城市管理执法委员会'))).toBe('420100');
    expect(codeOf(matcher.match('深圳市罗湖区社区服务中心'))).toBe('440303');
  });
});
