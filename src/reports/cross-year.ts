import type { MissingPart } from './report-terms';
import { TABLE3_COLUMNS, type ConsistencyCheck } from './consistency';

/**
 * What one organ's reports of neighbouring years say about each other. Pure: values in, facts out.
 *
 * - I5, the format's cross-year identity: 上年结转 (carried over) of year y = 结转下年度 (carried
 *   forward) of year y−1, per applicant column.
 * - Counts that continue from year to year in table 2: the 2019 format's 上一年项目数量 of year y =
 *   上一年项目数量 + 本年增/减 of year y−1, and the 2021 format's 现行有效件数 of year y = 现行有效件数 of
 *   year y−1 + 本年制发 − 本年废止 of year y.
 *
 * Both serve as evidence to choose among the splits of a flattened row (a split is kept when the
 * relation holds with the neighbour's printed values), and I5 is reported as a consistency check.
 */

/** Code → value of one report (null: printed blank). */
export type YearValues = ReadonlyMap<string, number | null>;

interface Relation {
  /** Codes of year y (`cur`) and of year y−1 (`prev`) the relation reads. */
  cur: string[];
  prev: string[];
  holds(cur: (code: string) => number, prev: (code: string) => number): boolean;
}

const ITEM_ROWS = ['licensing', 'other_mgmt_services', 'penalty', 'coercion', 'admin_fees'];
const DOC_ROWS = ['regulations', 'normative_docs'];

export const CROSS_YEAR_RELATIONS: Relation[] = [
  ...TABLE3_COLUMNS.map((c) => ({
    cur: [`applications.carried_over.${c}`],
    prev: [`applications.carried_forward.${c}`],
    holds: (cur: (code: string) => number, prev: (code: string) => number) =>
      cur(`applications.carried_over.${c}`) === prev(`applications.carried_forward.${c}`),
  })),
  ...ITEM_ROWS.map((r) => {
    const p = `proactive.${r}`;
    return {
      cur: [`${p}.prev_year_items`],
      prev: [`${p}.prev_year_items`, `${p}.items_change`],
      holds: (cur: (code: string) => number, prev: (code: string) => number) =>
        cur(`${p}.prev_year_items`) === prev(`${p}.prev_year_items`) + prev(`${p}.items_change`),
    };
  }),
  ...DOC_ROWS.map((r) => {
    const p = `proactive.${r}`;
    return {
      cur: [`${p}.in_force`, `${p}.issued`, `${p}.repealed`],
      prev: [`${p}.in_force`],
      holds: (cur: (code: string) => number, prev: (code: string) => number) =>
        cur(`${p}.in_force`) === prev(`${p}.in_force`) + cur(`${p}.issued`) - cur(`${p}.repealed`),
    };
  }),
];

/** A relation can be checked only when every cell it reads was printed as a number. */
function check(relation: Relation, cur: YearValues, prev: YearValues): boolean | null {
  const all = [...relation.cur.map((c) => cur.get(c)), ...relation.prev.map((c) => prev.get(c))];
  if (!all.every((v) => typeof v === 'number')) return null;
  return relation.holds(
    (c) => cur.get(c) as number,
    (c) => prev.get(c) as number,
  );
}

/** A neighbouring year: its values, and the splits it left open (each relation reads one row of it). */
export interface NeighbourYear {
  values: YearValues;
  open?: readonly MissingPart[];
}

export interface Neighbours {
  previous: NeighbourYear | null;
  next: NeighbourYear | null;
}

/**
 * Whether a relation can hold with the neighbour: checked on its printed values, or — where the cells
 * it reads were left open by an ambiguous split — on each reading still possible for them (the relation
 * holds if one of them satisfies it). Null when it cannot be checked.
 */
function checkWith(relation: Relation, own: YearValues, neighbour: NeighbourYear, side: 'previous' | 'next'): boolean | null {
  const theirCodes = side === 'previous' ? relation.prev : relation.cur;
  const run = (theirs: YearValues) => (side === 'previous' ? check(relation, own, theirs) : check(relation, theirs, own));
  if (theirCodes.every((c) => typeof neighbour.values.get(c) === 'number')) return run(neighbour.values);
  const part = neighbour.open?.find((m) => m.candidates && theirCodes.some((c) => m.candidates?.indicators.includes(c)));
  if (!part?.candidates) return null;
  const { indicators, values } = part.candidates;
  let any: boolean | null = null;
  for (const option of values) {
    const theirs = new Map(neighbour.values);
    indicators.forEach((code, i) => theirs.set(code, option[i]));
    const holds = run(theirs);
    if (holds) return true;
    if (holds === false) any = false;
  }
  return any;
}

export interface CrossYearResolution {
  /** Cells settled by a neighbouring year: code → value. */
  settled: Map<string, number | null>;
  /** The missing parts still open (candidates narrowed where the evidence allowed). */
  missing: MissingPart[];
}

/**
 * Narrows the candidate readings of a report's ambiguous rows with its neighbouring years: a reading is
 * kept when every relation it takes part in holds with the neighbours (or cannot be checked). A relation
 * that contradicts every reading is set aside, and when no reading satisfies all the others the split
 * stays open: the relations are soft (FORMAT.md I5–I7), so they choose only where they agree. Cells all
 * the remaining readings agree on are settled.
 */
export function resolveWithNeighbours(values: YearValues, missing: MissingPart[], neighbours: Neighbours): CrossYearResolution {
  const settled = new Map<string, number | null>();
  const known = new Map(values);
  const out: MissingPart[] = [];
  for (const part of missing) {
    if (!part.candidates) {
      out.push(part);
      continue;
    }
    const { indicators, values: options } = part.candidates;
    const withOption = (option: (number | null)[]) => {
      const cur = new Map(known);
      indicators.forEach((code, i) => cur.set(code, option[i]));
      return cur;
    };
    // Every relation with every neighbour that this row takes part in. One that rejects every reading is
    // left out (it says more about the source, e.g. documents that expired without 废止, than about the
    // split); the others must all hold together — where they disagree, the split stays open.
    const checks: ((option: (number | null)[]) => boolean | null)[] = [];
    for (const relation of CROSS_YEAR_RELATIONS) {
      for (const side of ['previous', 'next'] as const) {
        const neighbour = neighbours[side];
        const ownCodes = side === 'previous' ? relation.cur : relation.prev;
        if (neighbour && ownCodes.some((c) => indicators.includes(c)))
          checks.push((option) => checkWith(relation, withOption(option), neighbour, side));
      }
    }
    const informative = checks.filter((check) => options.some((option) => check(option) !== false));
    const kept = options.filter((option) => informative.every((check) => check(option) !== false));
    const remaining = kept.length > 0 ? kept : options;
    const open: string[] = [];
    indicators.forEach((code, i) => {
      if (!part.indicators.includes(code)) return;
      const v = remaining[0][i];
      if (remaining.every((o) => o[i] === v)) {
        settled.set(code, v);
        known.set(code, v);
      } else open.push(code);
    });
    if (open.length > 0) {
      out.push({
        ...part,
        indicators: open,
        reason:
          remaining.length < options.length
            ? `ambiguous split: ${remaining.length} candidates (after the neighbouring years)`
            : part.reason,
        candidates: { ...part.candidates, values: remaining },
      });
    }
  }
  return { settled, missing: out };
}

/** I5 per applicant column: this year's 上年结转 against last year's 结转下年度. */
export function checkCrossYear(
  current: YearValues,
  previous: YearValues,
  previousReportId: number,
): (ConsistencyCheck & { otherReportId: number })[] {
  const checks: (ConsistencyCheck & { otherReportId: number })[] = [];
  for (const col of TABLE3_COLUMNS) {
    const cur = current.get(`applications.carried_over.${col}`);
    const prev = previous.get(`applications.carried_forward.${col}`);
    if (cur === undefined && prev === undefined) continue;
    const blankCells = [
      ...(typeof cur === 'number' ? [] : [`applications.carried_over.${col}`]),
      ...(typeof prev === 'number' ? [] : [`previous:applications.carried_forward.${col}`]),
    ];
    const status = typeof cur === 'number' && typeof prev === 'number' ? (cur === prev ? 'PASS' : 'FAIL') : 'NOT_CHECKABLE';
    checks.push({
      identity: 'I5',
      scope: col,
      status,
      lhs: typeof cur === 'number' ? cur : null,
      rhs: typeof prev === 'number' ? prev : null,
      description: `上年结转 = 上一年度报告的结转下年度 (${col})`,
      blankCells,
      // This report's cell; the other side is a cell of the year before's report.
      operands: [`applications.carried_over.${col}`],
      otherReportId: previousReportId,
    });
  }
  return checks;
}
