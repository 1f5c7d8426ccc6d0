import type { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import { BadUserInputError } from '../errors';
import { rankValues } from './aggregation';
import type { Cell, CellsComputation } from './cells.computation';
import type { RollupReader } from './rollup.reader';

export interface RankingOptions {
  year: number;
  order: 'ASC' | 'DESC';
  first: number;
  /** Rank only cells whose coverage reports at least this share of the expected jurisdictions (0–1). */
  minCoverage?: number | null;
  /** Rank only cells whose coverage is complete. */
  completeOnly?: boolean | null;
}

export interface RankingEntry {
  rank: number;
  percentile: number;
  value: number;
  cell: Cell;
}

export interface UnrankedEntry {
  status: string;
  reason: string;
  cell: Cell;
}

/** What `ranking` resolves to: the unranked jurisdictions are listed only when asked for (RankingResolver). */
export interface Ranking {
  rankedCount: number;
  entries: RankingEntry[];
  unrankedOf(): Promise<UnrankedEntry[]>;
}

/**
 * Ranks the cells of a one-year, one-indicator computation. ROLLUP over provinces or prefectures is
 * counted and ordered in SQL on the materialised roll-ups, reading only the entries returned; anything
 * else (BEST, counties, organs, `exclude`, a coverage condition) ranks the computed cells. With
 * `minCoverage` or `completeOnly`, a cell that does not meet it is not ranked but listed as unranked
 * with its coverage.
 */
export async function rankCells(
  services: { jurisdictions: Pick<JurisdictionService, 'hierarchy'>; rollups: Pick<RollupReader, 'rankedRollups'> },
  computation: CellsComputation,
  options: RankingOptions,
): Promise<Ranking> {
  const { jurisdictions, organs, indicators, measure, exclude } = computation.request;
  const coverageCondition = (options.minCoverage !== undefined && options.minCoverage !== null) || options.completeOnly === true;
  if (coverageCondition) checkCoverageCondition(options, measure, organs !== null);

  /** Why a cell with a value is not ranked (its coverage), or null when it is. */
  const shortfall = async (cell: Cell): Promise<string | null> => {
    if (!coverageCondition) return null;
    const coverage = await computation.coverage(cell);
    if (!coverage) return null;
    if (options.completeOnly && !coverage.complete) return `not complete: ${coverage.reason ?? 'something is missing'}`;
    const share = coverage.expected > 0 ? coverage.reported / coverage.expected : 1;
    if (options.minCoverage !== undefined && options.minCoverage !== null && share < options.minCoverage) {
      return `coverage ${coverage.reported}/${coverage.expected} (${(share * 100).toFixed(1)} %) is below minCoverage ${options.minCoverage}`;
    }
    return null;
  };
  let split: Promise<{ rankable: Cell[]; shortOf: { cell: Cell; why: string }[] }> | null = null;
  const candidates = () =>
    (split ??= (async () => {
      const cells = await computation.cells();
      const shortfalls = await Promise.all(
        cells.map((cell) => (cell.status === 'VALUE' && cell.value !== null ? shortfall(cell) : Promise.resolve(null))),
      );
      const shortOf = cells.flatMap((cell, i) => (shortfalls[i] === null ? [] : [{ cell, why: shortfalls[i] as string }]));
      return { rankable: cells.filter((_, i) => shortfalls[i] === null), shortOf };
    })());
  const unrankedOf = async (): Promise<UnrankedEntry[]> => {
    const { rankable, shortOf } = await candidates();
    const { unranked } = rankValues(
      rankable.map((cell) => ({ item: cell, value: cell })),
      options.order,
    );
    const withoutValue = await Promise.all(
      unranked.map(async ({ item }) => ({
        status: item.status,
        reason: (await computation.reason(item)) ?? item.status.toLowerCase(),
        cell: item,
      })),
    );
    return [...withoutValue, ...shortOf.map(({ cell, why }) => ({ status: cell.status, reason: why, cell }))];
  };

  if (
    measure === 'ROLLUP' &&
    !organs &&
    exclude.length === 0 &&
    !coverageCondition &&
    jurisdictions.length > 0 &&
    jurisdictions.every((j) => j.level !== 'COUNTY')
  ) {
    // Materialised roll-ups: counted and ordered in SQL, only the entries returned are read.
    const [indicator] = indicators;
    const hierarchy = await services.jurisdictions.hierarchy();
    const levels = [...new Set(jurisdictions.map((j) => j.level))];
    const whole = jurisdictions.length === levels.reduce((n, level) => n + hierarchy.levelSize(level), 0);
    const roots = { levels, codes: whole ? null : jurisdictions.map((j) => j.code) };
    const { count, top } = await services.rollups.rankedRollups(
      indicator.code,
      Boolean(indicator.formula),
      options.year,
      roots,
      options.order,
      options.first,
    );
    const byCode = new Map(jurisdictions.map((j) => [j.code, j]));
    const entries: RankingEntry[] = [];
    top.forEach(({ code, value }, i) => {
      const rank = i > 0 && top[i - 1].value === value ? entries[i - 1].rank : i + 1;
      const cell = computation.cellOf(byCode.get(code)!, indicator, options.year, { value, status: 'VALUE' });
      entries.push({ rank, percentile: ((count - rank + 1) / count) * 100, value, cell });
    });
    return { rankedCount: count, entries, unrankedOf };
  }
  const { rankable } = await candidates();
  const { ranked } = rankValues(
    rankable.map((cell) => ({ item: cell, value: cell })),
    options.order,
  );
  return {
    rankedCount: ranked.length,
    entries: ranked
      .slice(0, options.first)
      .map((r): RankingEntry => ({ rank: r.rank, percentile: r.percentile, value: r.value, cell: r.item })),
    unrankedOf,
  };
}

function checkCoverageCondition(options: RankingOptions, measure: string, organs: boolean): void {
  const { minCoverage } = options;
  if (minCoverage !== undefined && minCoverage !== null && !(minCoverage >= 0 && minCoverage <= 1)) {
    throw new BadUserInputError(`minCoverage is a share of the expected jurisdictions, from 0 to 1 (e.g. 0.9), got ${minCoverage}.`, {
      argument: 'minCoverage',
    });
  }
  if ((measure !== 'ROLLUP' && measure !== 'BEST') || organs) {
    throw new BadUserInputError(
      'minCoverage and completeOnly apply to roll-ups of jurisdictions (measure ROLLUP or BEST): OWN, REPORTED and organs have no coverage.',
      { argument: options.completeOnly ? 'completeOnly' : 'minCoverage' },
    );
  }
}
