import type { IndicatorType } from '../indicators/indicator.type';
import type { CellsService } from './cells.service';
import type { Cell, CellsComputation, WorkBudget } from './cells.computation';
import type { Measure } from './rollup.reader';

/** One jurisdiction's series request; jurisdictions asking with equal arguments share one computation. */
export interface SeriesKey {
  code: string;
  indicators: string[];
  years: { from: number; to: number };
  measure: Measure;
}

/** One organ's series request; organs asking with equal arguments share one computation. */
export interface OrganSeriesKey {
  organId: number;
  indicators: string[];
  years: { from: number; to: number };
}

export interface SeriesResult {
  indicator: IndicatorType;
  measure: Measure;
  cells: Cell[];
}

/** What a series batch needs: the cells service and the request's limits. */
export interface SeriesContext {
  cells: CellsService;
  maxCells: number;
  budget: WorkBudget;
}

/**
 * Jurisdictions' series (Jurisdiction.series, batched by a DataLoader): one computation per distinct
 * (indicators, years, measure) for all jurisdictions asking.
 */
export function loadSeries(context: SeriesContext, keys: readonly SeriesKey[]): Promise<(SeriesResult[] | Error)[]> {
  return bySharedComputation(
    keys,
    (key) => [key.indicators, key.years, key.measure],
    async (group) => {
      const { indicators, years, measure } = group[0];
      const computation = await context.cells.plan(
        { jurisdictions: { codes: group.map((k) => k.code) }, indicators, years, measure, aggregateYears: false },
        context.maxCells,
        context.budget,
      );
      const slice = await slicer(
        computation,
        computation.request.jurisdictions.map((j) => j.code),
      );
      return (key) => slice(key.code, measure);
    },
  );
}

/** Organs' own series (Organ.series): one computation per distinct (indicators, years) for all organs asking. */
export function loadOrganSeries(context: SeriesContext, keys: readonly OrganSeriesKey[]): Promise<(SeriesResult[] | Error)[]> {
  return bySharedComputation(
    keys,
    (key) => [key.indicators, key.years],
    async (group) => {
      const { indicators, years } = group[0];
      const organIds = [...new Set(group.map((k) => k.organId))];
      const computation = await context.cells.plan(
        { jurisdictions: {}, organIds, indicators, years, measure: 'OWN', aggregateYears: false },
        context.maxCells,
        context.budget,
      );
      const slice = await slicer(
        computation,
        (computation.request.organs ?? []).map((o) => o.id),
      );
      return (key) => slice(key.organId, 'OWN');
    },
  );
}

/**
 * Answers each key from the computation its group shares (keys equal in `shared`); a group whose
 * computation fails answers its keys with the error.
 */
async function bySharedComputation<K>(
  keys: readonly K[],
  shared: (key: K) => unknown,
  compute: (group: K[]) => Promise<(key: K) => SeriesResult[]>,
): Promise<(SeriesResult[] | Error)[]> {
  const groups = new Map<string, K[]>();
  for (const key of keys) {
    const group = JSON.stringify(shared(key));
    const members = groups.get(group);
    if (members) members.push(key);
    else groups.set(group, [key]);
  }
  const results = new Map<K, SeriesResult[] | Error>();
  for (const group of groups.values()) {
    try {
      const answer = await compute(group);
      for (const key of group) results.set(key, answer(key));
    } catch (error) {
      for (const key of group) results.set(key, error as Error);
    }
  }
  return keys.map((key) => results.get(key) as SeriesResult[] | Error);
}

/**
 * The series of each row (jurisdiction or organ, in `rows` order) of a computation. Cells come in row,
 * indicator, year order: each series is one slice, found through an index of the rows made once (not a
 * filter of all cells per row and indicator, which grew with the square of the request). A row the
 * computation does not have gets empty series.
 */
async function slicer<R>(computation: CellsComputation, rows: readonly R[]): Promise<(row: R, measure: Measure) => SeriesResult[]> {
  const cells = await computation.cells();
  const { indicators } = computation.request;
  const yearCount = computation.years.length;
  const first = new Map<R, number>();
  rows.forEach((row, i) => first.set(row, i * indicators.length * yearCount));
  return (row, measure) => {
    const at = first.get(row);
    return indicators.map((indicator, i) => ({
      indicator,
      measure,
      cells: at === undefined ? [] : cells.slice(at + i * yearCount, at + (i + 1) * yearCount),
    }));
  };
}
