import { loadDivisions } from '../../src/jurisdictions/division.catalog';
import { isFunctionalZone, isGenericZoneName, withShortForms } from '../../src/jurisdictions/functional-zone';
import { Hierarchy } from '../../src/jurisdictions/hierarchy';

const rows = loadDivisions();
const byCode = new Map(rows.map((r) => [r.code, r]));
const zones = rows.filter((r) => r.functionalZone);
const counties = rows.filter((r) => r.level === 'COUNTY' && !r.functionalZone);

describe('functional zones', () => {
  it('are the county-level units with a 7x code: 137 zones beside 2,867 counties, districts and county-level cities', () => {
    expect(zones).toHaveLength(137);
    expect(counties).toHaveLength(2867);
    for (const zone of zones) {
      expect(zone).toMatchObject({ level: 'COUNTY' });
      expect(zone.code[4]).toBe('7');
      expect(byCode.get(zone.parentCode as string)?.level).toBe('PREFECTURE');
    }
    expect(rows.filter((r) => r.level !== 'COUNTY' && r.functionalZone)).toEqual([]);
  });

  it('all carry a zone word in their name, while some real districts are named like zones', () => {
    const zoneWord = /开发区|新区|园区|示范区|实验区|管理区|保税区|新城|聚集区|食品区|风景名胜区|管委会/;
    expect(zones.filter((z) => !zoneWord.test(z.name)).map((z) => z.name)).toEqual([]);
    const lookalikes = counties
      .filter((c) => /(?:开发区|新区|园区|示范区|实验区|管理区|保税区)$/.test(c.name))
      .map((c) => `${c.code} ${c.name}`);
    expect(lookalikes).toEqual([
      '120116 滨海新区',
      '130706 下花园区',
      '210113 沈北新区',
      '220106 绿园区',
      '310115 浦东新区',
      '411402 梁园区',
      '441803 清新区',
    ]);
  });

  it.each([
    ['130171', '石家庄高新技术产业开发区', true],
    ['130372', '北戴河新区', true],
    ['320571', '苏州工业园区', true],
    ['410173', '郑州航空港经济综合实验区', true],
    ['152571', '乌拉盖管委会', true],
    ['120116', '滨海新区', false],
    ['310115', '浦东新区', false],
    ['130304', '北戴河区', false],
    ['350128', '平潭县', false],
    ['130100', '石家庄市', false],
  ])('marks %s %s: %s', (code, name, zone) => {
    expect(byCode.get(code)).toMatchObject({ name, functionalZone: zone });
    expect(new Hierarchy(rows).get(code)?.functionalZone).toBe(zone);
  });

  it('is computed when the hierarchy is loaded from stored rows', () => {
    const stored = rows.map(({ functionalZone: _zone, ...row }) => row);
    expect(new Hierarchy(stored).rows.filter((r) => r.functionalZone)).toHaveLength(137);
    expect(isFunctionalZone({ code: '110171', level: 'PREFECTURE' })).toBe(false);
  });

  it.each([
    ['石家庄高新技术产业开发区', ['石家庄高新技术产业开发区', '石家庄高新区']],
    ['威海火炬高技术产业开发区', ['威海火炬高技术产业开发区', '威海火炬高新区']],
    ['湖南湘潭高新技术产业园区', ['湖南湘潭高新技术产业园区', '湖南湘潭高新区']],
    ['秦皇岛市经济技术开发区', ['秦皇岛市经济技术开发区', '秦皇岛市经开区']],
    ['河北邢台经济开发区', ['河北邢台经济开发区', '河北邢台经开区']],
    ['北戴河新区', ['北戴河新区']],
  ])('shortens the kind of a zone as users write it: %s', (name, forms) => {
    expect(withShortForms(name)).toEqual(forms);
  });

  it.each([
    ['高新区', true],
    ['经济技术开发区', true],
    ['工业园区', true],
    ['新区', true],
    ['综合保税区', true],
    ['净月高新区', false],
    ['北戴河新区', false],
    ['汉沽管理区', false],
  ])('tells a name that says only the kind of zone (%s: %s)', (name, generic) => {
    expect(isGenericZoneName(name)).toBe(generic);
  });
});
