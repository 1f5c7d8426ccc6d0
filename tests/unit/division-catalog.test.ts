import { loadDivisions } from '../../src/jurisdictions/division.catalog';

describe('loadDivisions', () => {
  const rows = loadDivisions();
  const byCode = new Map(rows.map((r) => [r.code, r]));

  it('has every level in the expected numbers', () => {
    const count = (level: string) => rows.filter((r) => r.level === level).length;
    expect(count('PROVINCE')).toBe(34);
    expect(count('PREFECTURE')).toBeGreaterThan(320);
    expect(count('COUNTY')).toBeGreaterThan(2800);
  });

  it('links every row to an existing parent of the level above (or a province for direct units)', () => {
    for (const row of rows) {
      if (row.level === 'PROVINCE') {
        expect(row.parentCode).toBeNull();
        continue;
      }
      const parent = byCode.get(row.parentCode as string);
      expect(parent).toBeDefined();
      expect(row.provinceCode).toBe(`${row.code.slice(0, 2)}0000`);
      if (row.level === 'PREFECTURE') expect(parent?.level).toBe('PROVINCE');
      if (row.level === 'COUNTY') expect(['PREFECTURE', 'PROVINCE']).toContain(parent?.level);
    }
  });

  it('drops placeholders and places municipal districts and 省直辖 units under the province', () => {
    expect(rows.some((r) => r.name === '市辖区' || r.name.includes('直辖县级行政区划'))).toBe(false);
    expect(byCode.get('110105')).toMatchObject({ level: 'COUNTY', parentCode: '110000', prefectureCode: null });
    expect(byCode.get('500101')).toMatchObject({ level: 'COUNTY', parentCode: '500000' });
    expect(byCode.get('469001')).toMatchObject({ level: 'COUNTY', parentCode: '460000' });
    expect(byCode.get('440304')).toMatchObject({ level: 'COUNTY', parentCode: '440300', prefectureCode: '440300' });
    expect(rows.filter((r) => r.parentCode === '441900')).toEqual([]);
  });
});
