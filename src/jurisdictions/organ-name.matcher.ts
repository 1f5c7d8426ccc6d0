import { isFunctionalZone, isGenericZoneName, ZONE_WORD } from './functional-zone';
import { indexNameForms, LEVEL_SUFFIX_CHAR, type JurisdictionAlias, type JurisdictionRow, type NameForm } from './jurisdiction-name.forms';
import { NearMissIndex } from './jurisdiction-name.near-miss';

export type { JurisdictionAlias, JurisdictionRow } from './jurisdiction-name.forms';

/** A jurisdiction offered to the user: its code, name and parent's name, and the alias it was found by. */
export interface Candidate {
  code: string;
  name: string;
  parentName: string | null;
  alias?: string;
}

export type OrganMatch =
  /** `unnamedZone`: the organ names a functional zone with no code of its own (成都市高新区): filed under the match. */
  | { code: string; name: string; functionalZone: boolean; unnamedZone: string | null }
  | { ambiguous: Candidate[] }
  /** The organ names a place that is not in the hierarchy but one edit from names that are. */
  | { misspelt: string; candidates: Candidate[] }
  | null;

interface Token extends NameForm {
  at: number;
  end: number;
}

/** Words for parts of an organ's own area that end like a place (君山片区, 社区). */
const AREA_WORD = /(?:片区|社区|小区|景区|校区|辖区)$/;
/** The longest place-like text looked at for a misspelling, suffix included. */
const MAX_PLACE = 10;

/**
 * Finds the jurisdiction of a reporting organ from its name: "深圳市罗湖区人民政府" → 440303,
 * "平潭综合实验区公安局" → 350128 (through the alias table), "石家庄高新区管委会" → 130171 (a functional zone).
 *
 * The name starts with its place (after any prefix such as 中共 or 国家税务总局): a chain of place names,
 * each inside the one before (`广东省深圳市罗湖区`). The last of the longest chain is the organ's
 * jurisdiction; several equally long chains ending in different places make the name ambiguous (`朝阳区`).
 * What follows the chain is the organ's own name, and place names inside it are words of that name:
 * 公安局 does not name 公安县, nor 君山片区管理局 君山区, nor 自然资源局 资源县. A name without its level
 * suffix (`深圳`) counts only at the very start or before a further place, so 荆州市公安局 is 荆州市.
 *
 * Misspellings are refused, never matched silently: a text that ends like a place (`沐阳县`), right
 * after the chain or right before it, is not a known name and is one edit from names that are, is
 * reported with those names, preferring the places inside (or above) the ones already named. Pure: the
 * caller supplies the rows and aliases.
 */
export class OrganNameMatcher {
  private readonly byCode: Map<string, JurisdictionRow>;
  private readonly forms: Map<string, NameForm[]>;
  private readonly longestForm: number;
  private readonly nearMisses: NearMissIndex;
  private readonly aliasOf = new Map<string, string>();

  constructor(rows: readonly JurisdictionRow[], aliases: readonly JurisdictionAlias[] = []) {
    this.byCode = new Map(rows.map((r) => [r.code, r]));
    this.forms = indexNameForms(rows, aliases);
    this.longestForm = Math.max(...[...this.forms.keys()].map((k) => k.length));
    for (const a of aliases) this.aliasOf.set(a.alias, a.code);
    this.nearMisses = new NearMissIndex([
      ...rows.map((r) => ({ text: r.name, code: r.code })),
      ...aliases.map((a) => ({ text: a.alias, code: a.code })),
    ]);
  }

  match(organ: string): OrganMatch {
    const text = organ.normalize('NFKC').replace(/\s+/g, '');
    const chains = this.chains(this.tokens(text));
    if (chains.length === 0) return this.misspeltAnywhere(text);

    const start = Math.min(...chains.map((c) => c[0].at));
    const fromStart = chains.filter((c) => c[0].at === start);
    const end = Math.max(...fromStart.map((c) => c[c.length - 1].end));
    const winners = [...new Set(fromStart.filter((c) => c[c.length - 1].end === end).map((c) => c[c.length - 1].code))];

    const misspelt = this.misspeltBefore(text, start, winners) ?? this.misspeltAfter(text, end, winners);
    if (misspelt) return misspelt;
    if (winners.length > 1) return { ambiguous: winners.map((code) => this.candidate(code)) };
    const row = this.byCode.get(winners[0]) as JurisdictionRow;
    const functionalZone = isFunctionalZone(row);
    return { code: row.code, name: row.name, functionalZone, unnamedZone: functionalZone ? null : this.zoneWordAt(text, end) };
  }

  /** Every form of a jurisdiction found in the text, with its position. */
  private tokens(text: string): Token[] {
    const found: Token[] = [];
    for (let at = 0; at < text.length; at++) {
      for (let end = at + 2; end <= Math.min(text.length, at + this.longestForm); end++) {
        for (const form of this.forms.get(text.slice(at, end)) ?? []) found.push({ ...form, at, end });
      }
    }
    return found;
  }

  /** Every valid chain: contiguous tokens, each a descendant of the one before (see the class comment). */
  private chains(tokens: Token[]): Token[][] {
    const out: Token[][] = [];
    const extend = (chain: Token[]) => {
      const last = chain[chain.length - 1];
      // A zone's name without its city (高新区) follows its city, not just any place above it.
      const next = tokens.filter(
        (t) =>
          t.at === last.end &&
          (t.kind === 'LOCAL' ? this.byCode.get(t.code)?.parentCode === last.code : this.isAncestor(last.code, t.code)),
      );
      for (const t of next) extend([...chain, t]);
      if (this.canEnd(chain)) out.push(chain);
    };
    for (const t of tokens) if (t.kind !== 'LOCAL') extend([t]);
    return out;
  }

  /** A chain may stop at its last token unless that is a bare stem named after another place (荆州市公安局). */
  private canEnd(chain: Token[]): boolean {
    const last = chain[chain.length - 1];
    if (last.kind !== 'STEM') return true;
    return chain.length === 1 && last.at === 0;
  }

  /** A near miss just before the chain (`宿千市沭阳县`): prefer the ancestors of what the chain names. */
  private misspeltBefore(text: string, start: number, named: string[]): OrganMatch {
    if (start === 0 || !LEVEL_SUFFIX_CHAR.test(text[start - 1])) return null;
    const above = new Set(named.flatMap((code) => this.ancestors(code)));
    for (let at = start - 3; at >= Math.max(0, start - MAX_PLACE); at--) {
      const found = this.misspelling(text.slice(at, start), (code) => above.has(code), true);
      if (found) return found;
    }
    return null;
  }

  /** A near miss just after the chain (`宿迁市沐阳县`): prefer the places inside what the chain names. */
  private misspeltAfter(text: string, end: number, named: string[]): OrganMatch {
    const inside = (code: string) => named.some((n) => this.isAncestor(n, code));
    for (let stop = end + 3; stop <= Math.min(text.length, end + MAX_PLACE); stop++) {
      if (!LEVEL_SUFFIX_CHAR.test(text[stop - 1])) continue;
      const found = this.misspelling(text.slice(end, stop), inside, true);
      if (found) return found;
    }
    return null;
  }

  /** Nothing named: the first place-like text anywhere that is one edit from names, to suggest them. */
  private misspeltAnywhere(text: string): OrganMatch {
    for (let at = 0; at < text.length; at++) {
      for (let stop = at + 3; stop <= Math.min(text.length, at + MAX_PLACE); stop++) {
        if (!LEVEL_SUFFIX_CHAR.test(text[stop - 1])) continue;
        const found = this.misspelling(text.slice(at, stop), () => false, false);
        if (found) return found;
      }
    }
    return null;
  }

  /**
   * The near misses of a place-like text, or null. Where the text is a known name of a place elsewhere
   * (泌阳县 written for 沭阳县 under 宿迁市), or with `organWords` a word of an organ's name (开发区 is
   * one edit from 开福区, 湖滨新区 from 滨湖新区), only the preferred candidates count: elsewhere a near
   * miss would be a coincidence.
   */
  private misspelling(place: string, preferred: (code: string) => boolean, organWords: boolean): OrganMatch {
    // 高新区, 经开区 alone say only the kind of a zone: never a misspelt place (高新区 is not 高坪区).
    if (!/^[\u3400-\u9fff]+$/.test(place) || isGenericZoneName(place)) return null;
    const known = this.forms.get(place)?.filter((f) => f.kind !== 'LOCAL') ?? [];
    if (known.some((f) => preferred(f.code))) return null;
    const near = this.nearMisses.near(place).filter((n) => !known.some((f) => f.code === n.code));
    const best = near.filter((n) => preferred(n.code));
    const onlyBest = known.length > 0 || (organWords && (ZONE_WORD.test(place) || AREA_WORD.test(place)));
    const shown = best.length > 0 || onlyBest ? best : near;
    if (shown.length === 0) return null;
    shown.sort((a, b) => likeness(place, a.text) - likeness(place, b.text) || (a.code < b.code ? -1 : 1));
    return { misspelt: place, candidates: shown.map((n) => this.candidate(n.code, n.text)) };
  }

  /** A zone word right after the chain (成都市高新区管委会): a zone that has no code of its own. */
  private zoneWordAt(text: string, end: number): string | null {
    for (let stop = end + 2; stop <= Math.min(text.length, end + MAX_PLACE); stop++) {
      const word = text.slice(end, stop);
      if (!/^[\u3400-\u9fff]+$/.test(word)) return null;
      if (ZONE_WORD.test(word)) return word;
    }
    return null;
  }

  private candidate(code: string, writtenAs?: string): Candidate {
    const row = this.byCode.get(code) as JurisdictionRow;
    const parentName = row.parentCode ? (this.byCode.get(row.parentCode)?.name ?? null) : null;
    const alias = writtenAs && this.aliasOf.get(writtenAs) === code && writtenAs !== row.name ? writtenAs : undefined;
    return { code, name: row.name, parentName, ...(alias ? { alias } : {}) };
  }

  private ancestors(code: string): string[] {
    const out: string[] = [];
    for (let p = this.byCode.get(code)?.parentCode; p; p = this.byCode.get(p)?.parentCode) out.push(p);
    return out;
  }

  /** Whether `code` is a proper ancestor of `of`. */
  private isAncestor(code: string, of: string): boolean {
    return this.ancestors(of).includes(code);
  }
}

/**
 * How far a near miss is from the text, to order the candidates: a replaced character costs less the
 * closer the two are in Unicode, whose CJK block is ordered by radical and then strokes, so look-alikes
 * (沐 and 沭, both 氵 with 4 and 5 strokes) come first. Characters added or left out come last.
 */
function likeness(text: string, name: string): number {
  if (text.length !== name.length) return 1_000_000;
  let cost = 0;
  for (let i = 0; i < text.length; i++) if (text[i] !== name[i]) cost += Math.abs(text.charCodeAt(i) - name.charCodeAt(i));
  return cost;
}
