import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

describe('jurisdictions', () => {
  it("lists Shenzhen's districts", async () => {
    const data = await api.execute<{ jurisdiction: { name: string; level: string; children: { code: string; name: string }[] } }>(
      '{ jurisdiction(code: "440300") { name level children { code name } } }',
    );
    expect(data.jurisdiction.name).toBe('深圳市');
    expect(data.jurisdiction.level).toBe('PREFECTURE');
    expect(data.jurisdiction.children.map((c) => c.name)).toEqual([
      '罗湖区',
      '福田区',
      '南山区',
      '宝安区',
      '龙岗区',
      '盐田区',
      '龙华区',
      '坪山区',
      '光明区',
    ]);
  });

  it('loads the whole hierarchy: 34 provinces, ~333 prefectures, ~3,000 counties', async () => {
    const count = async (level: string) =>
      (await api.execute<{ jurisdictions: { totalCount: number } }>(`{ jurisdictions(level: ${level}, first: 1) { totalCount } }`))
        .jurisdictions.totalCount;
    expect(await count('PROVINCE')).toBe(34);
    expect(await count('PREFECTURE')).toBeGreaterThan(320);
    expect(await count('COUNTY')).toBeGreaterThan(2800);
  });

  it('handles the quirks: municipalities, cities without districts, 省直辖县级 units', async () => {
    const data = await api.execute<
      Record<string, { name: string; level: string; parent: { code: string } | null; ancestors: { code: string }[]; children: unknown[] }>
    >(`{
      chaoyang: jurisdiction(code: "110105") { name level parent { code } ancestors { code } children { code } }
      dongguan: jurisdiction(code: "441900") { name level parent { code } ancestors { code } children { code } }
      jiyuan: jurisdiction(code: "419001") { name level parent { code } ancestors { code } children { code } }
      futian: jurisdiction(code: "440304") { name level parent { code } ancestors { code } children { code } }
      placeholder: jurisdiction(code: "419000") { name level parent { code } ancestors { code } children { code } }
      cityDistricts: jurisdiction(code: "440301") { name level parent { code } ancestors { code } children { code } }
    }`);
    expect(data.chaoyang).toMatchObject({ name: '朝阳区', level: 'COUNTY', parent: { code: '110000' } });
    expect(data.dongguan).toMatchObject({ name: '东莞市', level: 'PREFECTURE', parent: { code: '440000' }, children: [] });
    expect(data.jiyuan).toMatchObject({ name: '济源市', level: 'COUNTY', parent: { code: '410000' } });
    expect(data.futian.ancestors.map((a) => a.code)).toEqual(['440000', '440300']);
    expect(data.placeholder).toBeNull();
    expect(data.cityDistricts).toBeNull();
  });

  it('tells functional zones from counties, whichever way a jurisdiction is reached', async () => {
    type Node = { code: string; functionalZone: boolean };
    const data = await api.execute<{
      zone: Node & { parent: Node };
      district: Node;
      city: Node & { children: Node[] };
      named: { edges: { node: Node }[] };
    }>(`{
      zone: jurisdiction(code: "130171") { code functionalZone parent { code functionalZone } }
      district: jurisdiction(code: "120116") { code functionalZone }
      city: jurisdiction(code: "130300") { code functionalZone children { code functionalZone } }
      named: jurisdictions(search: "新区", first: 50) { edges { node { code functionalZone } } }
    }`);
    expect(data.zone).toEqual({ code: '130171', functionalZone: true, parent: { code: '130100', functionalZone: false } });
    expect(data.district.functionalZone).toBe(false);
    expect(data.city.children.filter((c) => c.functionalZone).map((c) => c.code)).toEqual(['130371', '130372']);
    const zone = new Map(data.named.edges.map(({ node }) => [node.code, node.functionalZone]));
    expect([zone.get('130372'), zone.get('321171'), zone.get('310115'), zone.get('120116')]).toEqual([true, true, false, false]);
  });

  it('pages through a connection with cursors and a total count', async () => {
    type Page = {
      jurisdictions: {
        totalCount: number;
        edges: { cursor: string; node: { code: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await api.execute<Page>(
      '{ jurisdictions(parent: "440300", first: 4) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(first.jurisdictions.totalCount).toBe(9);
    expect(first.jurisdictions.edges).toHaveLength(4);
    expect(first.jurisdictions.pageInfo.hasNextPage).toBe(true);
    const rest = await api.execute<Page>(
      'query($after: String) { jurisdictions(parent: "440300", first: 10, after: $after) { totalCount edges { node { code } } pageInfo { hasNextPage } } }',
      {
        after: first.jurisdictions.pageInfo.endCursor,
      },
    );
    expect(rest.jurisdictions.edges).toHaveLength(5);
    expect(rest.jurisdictions.pageInfo.hasNextPage).toBe(false);
    const all = [...first.jurisdictions.edges, ...rest.jurisdictions.edges].map((e) => e.node.code);
    expect(new Set(all).size).toBe(9);
  });

  it('filters by codes and by name', async () => {
    const data = await api.execute<{ a: { edges: { node: { code: string } }[] }; b: { edges: { node: { name: string } }[] } }>(`{
      a: jurisdictions(codes: ["440304", "110000", "999999"]) { edges { node { code } } }
      b: jurisdictions(search: "罗湖") { edges { node { name } } }
    }`);
    expect(data.a.edges.map((e) => e.node.code)).toEqual(['110000', '440304']);
    expect(data.b.edges.map((e) => e.node.name)).toEqual(['罗湖区']);
  });

  it('finds a jurisdiction by a name it is known by (the alias table), as well as by its own', async () => {
    type Page = { jurisdictions: { totalCount: number; edges: { node: { code: string; name: string } }[] } };
    const byAlias = await api.execute<Page>('{ jurisdictions(search: "平潭综合实验区") { totalCount edges { node { code name } } } }');
    expect(byAlias.jurisdictions.edges.map((e) => e.node)).toEqual([{ code: '350128', name: '平潭县' }]);
    expect(byAlias.jurisdictions.totalCount).toBe(1);
    // Part of an alias (平潭实验区, 平潭综合实验区) and part of the name (平潭县) find it once.
    const both = await api.execute<Page>('{ jurisdictions(search: "平潭") { totalCount edges { node { code } } } }');
    expect(both.jurisdictions.edges.map((e) => e.node.code)).toEqual(['350128']);
    const none = await api.execute<Page>('{ jurisdictions(search: "平潭综合实验区管委会") { totalCount } }');
    expect(none.jurisdictions.totalCount).toBe(0);
  });

  it('returns null for an unknown code and BAD_USER_INPUT for a malformed one', async () => {
    expect(await api.execute('{ jurisdiction(code: "999999") { name } }')).toEqual({ jurisdiction: null });
    const errors = await api.errorsOf('{ jurisdiction(code: "44030") { name } }');
    expect(errors).toEqual([{ code: 'BAD_USER_INPUT', message: expect.stringContaining('six-digit GB/T 2260') }]);
    const page = await api.errorsOf('{ jurisdictions(first: 100000) { totalCount } }');
    expect(page).toEqual([{ code: 'BAD_USER_INPUT', message: expect.stringContaining('first must be from 1 to 500') }]);
    const cursor = await api.errorsOf('{ jurisdictions(after: "nonsense") { totalCount } }');
    expect(cursor[0].code).toBe('BAD_USER_INPUT');
  });
});
