import type { JurisdictionEntity } from './jurisdiction.entity';

/**
 * Finds the jurisdiction of a reporting organ from its name through the hierarchy:
 * "深圳市罗湖区人民政府" → 440303, "淮安市洪泽区人民政府" → 320813, "平潭综合实验区管委会" → 350128 (平潭县),
 * "上海市人民政府办公厅" → 310000. Names are matched in full and without their level suffix (市, 区, 县 …);
 * a candidate scores higher the more of its ancestors the name also mentions, so "朝阳区" alone is
 * ambiguous (Beijing and Changchun) while "长春市朝阳区" is not. Pure: the caller supplies the rows.
 */
export type JurisdictionRow = Pick<JurisdictionEntity, 'code' | 'name' | 'level' | 'parentCode'>;

export type OrganMatch = { code: string; name: string } | { ambiguous: { code: string; name: string }[] } | null;

// Longest first, so "自治州" is stripped before "州" could be considered.
const SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '自治州', '自治县', '地区', '新区', '省', '市', '区', '县', '盟', '旗'];

function variants(name: string): string[] {
  const out = [name];
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) {
      out.push(name.slice(0, -suffix.length));
      break;
    }
  }
  return out;
}

export class OrganNameMatcher {
  private readonly byCode: Map<string, JurisdictionRow>;
  private readonly byVariant = new Map<string, JurisdictionRow[]>();

  constructor(rows: readonly JurisdictionRow[]) {
    this.byCode = new Map(rows.map((r) => [r.code, r]));
    for (const row of rows) {
      for (const v of variants(row.name)) {
        const list = this.byVariant.get(v) ?? [];
        list.push(row);
        this.byVariant.set(v, list);
      }
    }
  }

  match(organ: string): OrganMatch {
    const text = organ.normalize('NFKC').replace(/\s+/g, '');
    // Every (jurisdiction, position) mentioned in the name.
    const found: { row: JurisdictionRow; at: number; length: number }[] = [];
    for (let at = 0; at < text.length; at++) {
      for (let length = Math.min(12, text.length - at); length >= 2; length--) {
        for (const row of this.byVariant.get(text.slice(at, at + length)) ?? []) found.push({ row, at, length });
      }
    }
    if (found.length === 0) return null;

    type Found = (typeof found)[number];
    // Ancestors count only where named before the candidate, in text of their own ("朝阳" inside
    // "朝阳区" does not make 朝阳市 an ancestor mention).
    const namedBefore = (f: Found, code: string) => found.some((g) => g.row.code === code && g.at + g.length <= f.at);
    const namedAfter = (f: Found, test: (row: JurisdictionRow) => boolean) => found.some((g) => g.at >= f.at + f.length && test(g.row));
    const score = (f: Found) => {
      let ancestors = 0;
      for (let p = f.row.parentCode; p; p = this.byCode.get(p)?.parentCode ?? null) if (namedBefore(f, p)) ancestors++;
      const depth = { PROVINCE: 0, PREFECTURE: 1, COUNTY: 2 }[f.row.level];
      // Ancestors named make a candidate certain; a longer match beats a shorter one; deeper is more specific.
      return ancestors * 100 + f.length * 3 + depth;
    };
    let best = -1;
    let winners = new Map<string, JurisdictionRow>();
    for (const f of found) {
      // A candidate whose descendant is named after it is not the organ's own jurisdiction.
      if (namedAfter(f, (row) => this.isAncestor(f.row.code, row))) continue;
      const s = score(f);
      if (s > best) {
        best = s;
        winners = new Map([[f.row.code, f.row]]);
      } else if (s === best) {
        winners.set(f.row.code, f.row);
      }
    }
    const list = [...winners.values()].map((r) => ({ code: r.code, name: r.name }));
    if (list.length === 1) return list[0];
    return list.length === 0 ? null : { ambiguous: list };
  }

  private isAncestor(code: string, of: JurisdictionRow): boolean {
    for (let p = of.parentCode; p; p = this.byCode.get(p)?.parentCode ?? null) if (p === code) return true;
    return false;
  }
}
