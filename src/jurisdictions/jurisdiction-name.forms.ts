import { isFunctionalZone, isGenericZoneName, withShortForms } from './functional-zone';
import type { JurisdictionEntity } from './jurisdiction.entity';

export type JurisdictionRow = Pick<JurisdictionEntity, 'code' | 'name' | 'level' | 'parentCode'>;

/** A known name and what it names. */
export interface JurisdictionAlias {
  alias: string;
  code: string;
}

/**
 * How a piece of text can name a jurisdiction:
 * - FULL: the official name, an alias, a zone name or short form (`深圳市`, `平潭综合实验区`, `石家庄高新区`);
 * - STEM: the name without its level suffix (`深圳`, `朝阳`), which is also an ordinary word often enough
 *   (`公安`, `资源`, `君山`) that it names a place only at the start of a name or before a further place;
 * - LOCAL: a zone's name without its city that says only what kind of zone it is (`高新区`): it names a
 *   zone only right after its city.
 */
export type FormKind = 'FULL' | 'STEM' | 'LOCAL';

export interface NameForm {
  code: string;
  kind: FormKind;
}

// Longest first, so "自治州" is stripped before "州" could be considered.
const SUFFIXES = [
  '特别行政区',
  '维吾尔自治区',
  '壮族自治区',
  '回族自治区',
  '自治区',
  '自治州',
  '自治县',
  '自治旗',
  '地区',
  '新区',
  '省',
  '市',
  '区',
  '县',
  '盟',
  '旗',
];

/** The 55 minority peoples, as they appear in the names of autonomous areas (湘西土家族苗族自治州). */
const PEOPLES = [
  '柯尔克孜',
  '乌孜别克',
  '维吾尔',
  '哈萨克',
  '塔吉克',
  '俄罗斯',
  '鄂温克',
  '鄂伦春',
  '达斡尔',
  '塔塔尔',
  '蒙古',
  '布依',
  '朝鲜',
  '土家',
  '哈尼',
  '傈僳',
  '高山',
  '拉祜',
  '东乡',
  '纳西',
  '景颇',
  '仫佬',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '德昂',
  '保安',
  '裕固',
  '独龙',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
  '回',
  '藏',
  '苗',
  '彝',
  '壮',
  '满',
  '侗',
  '瑶',
  '白',
  '傣',
  '黎',
  '佤',
  '畲',
  '水',
  '土',
  '羌',
  '怒',
  '京',
];

/** `延边朝鲜族自治州` → `延边`, `双江拉祜族佤族布朗族傣族自治县` → `双江`; null when the name is not of that shape. */
function withoutPeoples(name: string): { stem: string; level: string } | null {
  const m = /^(.+?族)自治(州|县|旗)$/.exec(name);
  if (!m) return null;
  let stem = m[1];
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const people of PEOPLES) {
      if (stem.endsWith(`${people}族`) && stem.length > people.length + 1) {
        stem = stem.slice(0, -people.length - 1);
        stripped = true;
        break;
      }
    }
  }
  return stem.length >= 2 && !stem.endsWith('族') ? { stem, level: m[2] } : null;
}

function stemOf(name: string): string | null {
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix)) return name.length - suffix.length >= 2 ? name.slice(0, -suffix.length) : null;
  }
  return null;
}

/** The forms of a county, prefecture or province (not a zone). */
function placeForms(row: JurisdictionRow): [string, FormKind][] {
  const out: [string, FormKind][] = [[row.name, 'FULL']];
  const stem = stemOf(row.name);
  if (stem) out.push([stem, 'STEM']);
  // 延边州, 恩施州, 长阳县: how autonomous areas are usually written.
  const short = withoutPeoples(row.name);
  if (short) out.push([short.stem + short.level, 'FULL'], [short.stem, 'STEM']);
  return out;
}

/**
 * The forms of a functional zone. Its official name mostly starts with its province and city
 * (`河北唐山芦台经济开发区`, `秦皇岛市经济技术开发区`); users drop either and shorten the kind
 * (`唐山芦台经开区`, `石家庄高新区`, `秦皇岛市经开区`). Zones get no STEM: `镇江新区` without 新区 is the city.
 */
function zoneForms(row: JurisdictionRow, parent: JurisdictionRow | undefined, province: JurisdictionRow | undefined): [string, FormKind][] {
  const names = new Set([row.name]);
  const provinceStem = province ? (stemOf(province.name) ?? province.name) : null;
  if (provinceStem && row.name.startsWith(provinceStem) && row.name.length - provinceStem.length >= 3)
    names.add(row.name.slice(provinceStem.length));
  const out: [string, FormKind][] = [];
  for (const name of names) {
    for (const form of withShortForms(name)) out.push([form, 'FULL']);
    if (!parent) continue;
    const parentStem = stemOf(parent.name) ?? parent.name;
    const prefix = [parent.name, parentStem].find((p) => name.startsWith(p));
    const local = prefix ? name.slice(prefix.length) : name;
    if (local.length < 2) continue;
    for (const form of withShortForms(local)) out.push([parentStem + form, 'FULL'], [parent.name + form, 'FULL'], [form, 'FULL']);
  }
  return out;
}

/**
 * Every form of every jurisdiction, and the aliases as FULL forms of the jurisdiction they name. A text
 * may name several jurisdictions (`朝阳区`): the index lists them all.
 */
export function indexNameForms(rows: readonly JurisdictionRow[], aliases: readonly JurisdictionAlias[] = []): Map<string, NameForm[]> {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const index = new Map<string, NameForm[]>();
  const add = (text: string, code: string, kind: FormKind) => {
    if (text.length < 2) return;
    const list = index.get(text) ?? [];
    const same = list.find((f) => f.code === code);
    // One kind per (text, jurisdiction): the strongest.
    if (same) {
      if (rank[kind] > rank[same.kind]) same.kind = kind;
      return;
    }
    list.push({ code, kind });
    index.set(text, list);
  };
  for (const row of rows) {
    const forms = isFunctionalZone(row)
      ? zoneForms(row, row.parentCode ? byCode.get(row.parentCode) : undefined, byCode.get(`${row.code.slice(0, 2)}0000`))
      : placeForms(row);
    // A name that says only the kind of zone never stands alone, whichever way it was reached.
    for (const [text, kind] of forms) add(text, row.code, isFunctionalZone(row) && isGenericZoneName(text) ? 'LOCAL' : kind);
  }
  for (const { alias, code } of aliases) add(alias, code, 'FULL');
  return index;
}

const rank: Record<FormKind, number> = { LOCAL: 0, STEM: 1, FULL: 2 };

/** Characters that end the name of a place (the last character of every level suffix). */
export const LEVEL_SUFFIX_CHAR = /[省市区县旗州盟]$/;
