import { MISSING, sumValues, type CellValue } from './cell-value';
import { evaluateFormula, formulaCodes, parseFormula, type Formula } from './formula';

/**
 * The aggregation maths of roll-ups, pure and table-tested: how an indicator's values combine over
 * years, how derived indicators are recomputed from aggregated parts, year-over-year changes and
 * rankings. Sums across jurisdictions happen in SQL (every base indicator's space rule is "sum").
 */
export interface IndicatorRule {
  code: string;
  timeAggregation: string;
  formatVersions: string[];
  formula: Formula | null;
}

export function ruleOf(indicator: {
  code: string;
  timeAggregation: string;
  formatVersions: string[];
  formula: string | null;
}): IndicatorRule {
  return {
    code: indicator.code,
    timeAggregation: indicator.timeAggregation,
    formatVersions: indicator.formatVersions,
    formula: indicator.formula ? parseFormula(indicator.formula) : null,
  };
}

/** The base (printed) codes a code is computed from: itself, or its formula's parts, recursively. */
export function baseCodesOf(code: string, rules: ReadonlyMap<string, IndicatorRule>, into = new Set<string>()): Set<string> {
  const formula = rules.get(code)?.formula;
  if (!formula) return into.add(code);
  for (const part of formulaCodes(formula)) baseCodesOf(part, rules, into);
  return into;
}

/** Base values of one jurisdiction: (code, year) → value. Derived codes are never looked up here. */
export type BaseLookup = (code: string, year: number) => CellValue;

/** The value of `code` in one year: base values as they are, derived ones from their parts. */
export function valueInYear(code: string, year: number, rules: ReadonlyMap<string, IndicatorRule>, base: BaseLookup): CellValue {
  const rule = rules.get(code);
  if (rule?.formula) return evaluateFormula(rule.formula, (part) => valueInYear(part, year, rules, base));
  return base(code, year);
}

/**
 * One value for a range of years by the indicator's time rule: flows sum, stocks take the first or
 * last year of the range (as printed that year: an earlier year is not carried forward), derived
 * indicators are recomputed from their parts' aggregates.
 */
export function valueOverYears(
  code: string,
  years: readonly number[],
  rules: ReadonlyMap<string, IndicatorRule>,
  base: BaseLookup,
): CellValue {
  const rule = rules.get(code);
  if (rule?.formula) return evaluateFormula(rule.formula, (part) => valueOverYears(part, years, rules, base));
  if (years.length === 0) return MISSING;
  switch (rule?.timeAggregation) {
    case 'first':
      return base(code, years[0]);
    case 'last':
      return base(code, years[years.length - 1]);
    default: {
      const values = years.map((y) => base(code, y));
      const summed = sumValues(values);
      const gaps = years.filter((_, i) => values[i].status === 'MISSING');
      // A sum over years with a year missing is not the total of the range: say so.
      if (summed.status === 'VALUE' && gaps.length > 0)
        return { ...summed, reason: `no report for ${gaps.join(', ')}: the sum covers the other years only` };
      return summed;
    }
  }
}

/** The format version in force for a year, for "is this indicator comparable across these years". */
export function formatVersionOfYear(year: number): string {
  return year >= 2021 ? '2021' : year >= 2019 ? '2019' : 'PRE_2019';
}

export interface YearOverYear {
  previous: number | null;
  absolute: number | null;
  percent: number | null;
  reason: string | null;
}

export function yearOverYear(current: CellValue, previous: CellValue, year: number, formatVersions: readonly string[]): YearOverYear {
  const none = (reason: string): YearOverYear => ({ previous: previous.value, absolute: null, percent: null, reason });
  const versions = [formatVersionOfYear(year - 1), formatVersionOfYear(year)];
  const notCarried = versions.filter((v) => !formatVersions.includes(v));
  if (notCarried.length > 0) return none(`not carried by the ${[...new Set(notCarried)].join(' and ')} format used in ${year - 1}–${year}`);
  if (previous.status === 'MISSING') return none(`no report for ${year - 1}`);
  if (current.status === 'MISSING') return none(`no report for ${year}`);
  if (previous.value === null) return none(`${year - 1} is ${previous.reason ?? 'blank'}`);
  if (current.value === null) return none(`${year} is ${current.reason ?? 'blank'}`);
  const absolute = current.value - previous.value;
  if (previous.value === 0) return { previous: 0, absolute, percent: null, reason: `${year - 1} is 0: no percentage` };
  return { previous: previous.value, absolute, percent: (absolute / Math.abs(previous.value)) * 100, reason: null };
}

export interface RankInput<T> {
  item: T;
  value: CellValue;
}

export interface Ranked<T> {
  item: T;
  value: number;
  rank: number;
  /** Share of the ranked entries that this one equals or beats, in percent (the first is 100). */
  percentile: number;
}

/** Competition ranking ("1224"): ties share a rank, the next rank skips. Entries without a number are left out. */
export function rankValues<T>(inputs: readonly RankInput<T>[], order: 'ASC' | 'DESC'): { ranked: Ranked<T>[]; unranked: RankInput<T>[] } {
  const withValue = inputs.filter((i) => i.value.status === 'VALUE' && i.value.value !== null);
  const unranked = inputs.filter((i) => !(i.value.status === 'VALUE' && i.value.value !== null));
  const sign = order === 'DESC' ? -1 : 1;
  const sorted = [...withValue].sort((a, b) => sign * ((a.value.value as number) - (b.value.value as number)));
  const n = sorted.length;
  const ranked: Ranked<T>[] = [];
  sorted.forEach((entry, index) => {
    const value = entry.value.value as number;
    const rank = index > 0 && ranked[index - 1].value === value ? ranked[index - 1].rank : index + 1;
    // Entries from the first of this tie group to the end are equalled or beaten.
    ranked.push({ item: entry.item, value, rank, percentile: ((n - rank + 1) / n) * 100 });
  });
  return { ranked, unranked };
}
