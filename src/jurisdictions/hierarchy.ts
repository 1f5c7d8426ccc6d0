import { unique } from '../batch';
import { BadUserInputError } from '../errors';
import { isFunctionalZone } from './functional-zone';
import type { JurisdictionEntity, JurisdictionLevel } from './jurisdiction.entity';

/** A stored jurisdiction row, as the hierarchy is built from. */
export type StoredRow = Pick<JurisdictionEntity, 'code' | 'name' | 'level' | 'parentCode' | 'provinceCode' | 'prefectureCode'>;

/** A jurisdiction in memory; `functionalZone` is derived from the code when the hierarchy is loaded. */
export type HierarchyRow = StoredRow & { functionalZone: boolean };

/**
 * In SQL over the jurisdiction table as `j`: the column naming a subtree's root, per level of the root.
 * Every jurisdiction stores its province and prefecture, so a subtree is one equality, not a recursion.
 */
export const ROOT_COLUMN: Record<JurisdictionLevel, string> = {
  PROVINCE: 'j.province_code',
  PREFECTURE: 'j.prefecture_code',
  COUNTY: 'j.code',
};

/** Code order. Codes are six ASCII digits, so plain comparison is the order localeCompare gave. */
const byCode = (a: HierarchyRow, b: HierarchyRow) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Which jurisdictions a request is about; the fields given combine as "and". */
export interface JurisdictionSelection {
  codes?: string[] | null;
  childrenOf?: string | null;
  descendantsOf?: string | null;
  level?: JurisdictionLevel | null;
}

/**
 * The division hierarchy in memory. It is reference data (about 3,400 rows, loaded by the migrations'
 * companion loader and never changed by requests), so roll-ups can find subtrees and resolve
 * selections without a statement per jurisdiction.
 */
export class Hierarchy {
  private readonly byCode: Map<string, HierarchyRow>;
  private readonly childrenByCode = new Map<string, HierarchyRow[]>();
  /** Every row in code order, and per level: selections filter these (order kept) instead of sorting per request. */
  private readonly sorted: readonly HierarchyRow[];
  private readonly byLevel = new Map<JurisdictionLevel, HierarchyRow[]>();

  readonly rows: readonly HierarchyRow[];

  constructor(stored: readonly StoredRow[]) {
    const rows = stored.map((r) => ({ ...r, functionalZone: isFunctionalZone(r) }));
    this.rows = rows;
    this.byCode = new Map(rows.map((r) => [r.code, r]));
    this.sorted = [...rows].sort(byCode);
    for (const row of this.sorted) {
      const list = this.byLevel.get(row.level) ?? [];
      list.push(row);
      this.byLevel.set(row.level, list);
    }
    for (const row of this.sorted) {
      if (!row.parentCode) continue;
      const list = this.childrenByCode.get(row.parentCode) ?? [];
      list.push(row);
      this.childrenByCode.set(row.parentCode, list);
    }
  }

  /** How many jurisdictions the level has. */
  levelSize(level: JurisdictionLevel): number {
    return this.byLevel.get(level)?.length ?? 0;
  }

  get(code: string): HierarchyRow | undefined {
    return this.byCode.get(code);
  }

  children(code: string): HierarchyRow[] {
    return this.childrenByCode.get(code) ?? [];
  }

  /** The jurisdiction and everything below it, in code order. */
  subtree(code: string): HierarchyRow[] {
    const root = this.byCode.get(code);
    if (!root) return [];
    const out: HierarchyRow[] = [root];
    for (let i = 0; i < out.length; i++) out.push(...this.children(out[i].code));
    return out;
  }

  /**
   * The jurisdictions a selection names, in code order. Unknown codes are an error here (unlike a single
   * lookup): a roll-up over a mistyped code would silently leave it out.
   */
  select(selection: JurisdictionSelection): HierarchyRow[] {
    const { codes, childrenOf, descendantsOf, level } = selection;
    if (!codes && !childrenOf && !descendantsOf && !level) {
      throw new BadUserInputError(
        'jurisdictions must say which: give codes, childrenOf, descendantsOf or level (e.g. { childrenOf: "440000" }).',
        { argument: 'jurisdictions' },
      );
    }
    for (const [argument, code] of [
      ['childrenOf', childrenOf],
      ['descendantsOf', descendantsOf],
    ] as const) {
      if (code && !this.byCode.has(code))
        throw new BadUserInputError(`jurisdictions.${argument}: "${code}" is not a jurisdiction code.`, {
          argument: `jurisdictions.${argument}`,
        });
    }
    const unknown = (codes ?? []).filter((c) => !this.byCode.has(c));
    if (unknown.length > 0)
      throw new BadUserInputError(`jurisdictions.codes: unknown code(s) ${unknown.slice(0, 5).join(', ')}.`, {
        argument: 'jurisdictions.codes',
      });

    // Start from the smallest list known in code order; filters keep the order.
    let rows: HierarchyRow[];
    let levelDone = false;
    if (codes)
      rows = unique(codes)
        .map((c) => this.byCode.get(c) as HierarchyRow)
        .sort(byCode);
    else if (childrenOf) rows = [...this.children(childrenOf)];
    else if (level) {
      rows = [...(this.byLevel.get(level) ?? [])];
      levelDone = true;
    } else rows = [...this.sorted];
    if (childrenOf) rows = rows.filter((r) => r.parentCode === childrenOf);
    if (descendantsOf) {
      const below = new Set(this.subtree(descendantsOf).map((r) => r.code));
      rows = rows.filter((r) => r.code !== descendantsOf && below.has(r.code));
    }
    if (level && !levelDone) rows = rows.filter((r) => r.level === level);
    return rows;
  }
}
