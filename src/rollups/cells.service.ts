import { BadUserInputError, QueryTooLargeError } from '../errors';
import type { IndicatorService } from '../indicators/indicator.service';
import type { JurisdictionSelection } from '../jurisdictions/hierarchy';
import type { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import type { OrganRow, OrganService } from '../organs/organ.service';
import { checkJurisdictionCode, checkYear } from '../validation';
import type { CellFactsService } from './cell-facts.service';
import { CellsComputation, UNLIMITED, type WorkBudget } from './cells.computation';
import type { ReportIssue } from './cell-quality';
import { rankCells, type Ranking, type RankingOptions } from './ranking';
import type { Measure, RollupReader } from './rollup.reader';

export interface CellsArgs {
  /** With `organsOf`: the organs of that jurisdiction, one row each. */
  jurisdictions: JurisdictionSelection & { organsOf?: string | null };
  /** These organs (an organ's own series), instead of `jurisdictions`. */
  organIds?: number[];
  indicators: string[];
  years: { from: number; to: number };
  measure: Measure;
  aggregateYears: boolean;
  /** Reports to leave out of each cell; none when absent. */
  exclude?: ReportIssue[] | null;
}

/** QUERY_TOO_LARGE with the exact size: from the planner, and from the price before anything runs (rollup.costs.ts). */
export function tooManyCells(
  rows: number,
  indicators: number,
  years: number,
  limit: number,
  noun: 'jurisdictions' | 'organs' = 'jurisdictions',
): QueryTooLargeError {
  const size = rows * indicators * years;
  return new QueryTooLargeError(
    `This request asks for ${size.toLocaleString('en')} cells (${rows} ${noun} × ${indicators} indicators × ${years} years); the limit is ${limit.toLocaleString('en')}. ` +
      "Split it: fewer jurisdictions (e.g. one province's childrenOf at a time), fewer indicators, or a shorter year range per request.",
    { cells: size, limit },
  );
}

/** What the cells service reads: the roll-ups, the reports behind cells, organs, the hierarchy and the catalog. */
export interface CellsDependencies {
  rollups: RollupReader;
  cellFacts: CellFactsService;
  organs: OrganService;
  jurisdictions: Pick<JurisdictionService, 'hierarchy'>;
  indicators: Pick<IndicatorService, 'catalog'>;
}

/** Cells, matrices, rankings and series: one service, built once per server from what it reads. */
export class CellsService {
  constructor(private readonly dependencies: CellsDependencies) {}

  /**
   * Checks a cells-shaped request and sizes it before any value is fetched: jurisdictions × indicators ×
   * years above `maxCells` (OGI_MAX_CELLS) is refused with QUERY_TOO_LARGE and advice on how to split.
   */
  plan(args: CellsArgs, maxCells: number, budget: WorkBudget = UNLIMITED): Promise<CellsComputation> {
    return planCells(this.dependencies, maxCells, args, budget);
  }

  /** Ranks the cells of a one-year, one-indicator computation (ranking.ts). */
  rank(computation: CellsComputation, options: RankingOptions): Promise<Ranking> {
    return rankCells(this.dependencies, computation, options);
  }
}

async function planCells(readers: CellsDependencies, maxCells: number, args: CellsArgs, budget: WorkBudget): Promise<CellsComputation> {
  const { from, to } = args.years;
  checkYear(from, 'years.from');
  checkYear(to, 'years.to');
  if (from > to) throw new BadUserInputError(`years.from (${from}) must not be after years.to (${to}).`, { argument: 'years' });
  if (args.indicators.length === 0)
    throw new BadUserInputError('indicators must name at least one catalog code, e.g. ["applications.new.total"].', {
      argument: 'indicators',
    });

  const [hierarchy, catalog] = await Promise.all([readers.jurisdictions.hierarchy(), readers.indicators.catalog()]);
  const unknown = args.indicators.filter((c) => !catalog.has(c));
  if (unknown.length > 0) {
    throw new BadUserInputError(
      `indicators: unknown code(s) ${unknown.slice(0, 5).join(', ')}; the \`indicators\` query lists the catalog.`,
      { argument: 'indicators' },
    );
  }
  let organs: OrganRow[] | null = null;
  let jurisdictions;
  if (args.organIds) {
    organs = (await readers.organs.findByIds(args.organIds)).filter((o): o is OrganRow => o !== null);
    jurisdictions = [...new Set(organs.map((o) => o.jurisdictionCode))].map((code) => hierarchy.get(code)!);
  } else if (args.jurisdictions.organsOf !== undefined && args.jurisdictions.organsOf !== null) {
    const code = checkOrgansOf(args, (c) => hierarchy.get(c) !== undefined);
    // The organs a roll-up of these years would expect (see organ-coverage.ts): those reporting in the
    // range or next to it, so an organ that skipped a year is listed with that year MISSING.
    organs = await readers.organs.ownReportingOrgans(code, from - 1, to + 1);
    jurisdictions = [hierarchy.get(code)!];
  } else {
    jurisdictions = hierarchy.select(args.jurisdictions);
  }
  const indicators = [...new Set(args.indicators)].map((c) => catalog.get(c)!);
  const yearCount = args.aggregateYears ? 1 : to - from + 1;
  const rows = organs ? organs.length : jurisdictions.length;
  const size = rows * indicators.length * yearCount;
  if (size > maxCells) throw tooManyCells(rows, indicators.length, yearCount, maxCells, organs ? 'organs' : 'jurisdictions');
  return new CellsComputation(
    readers.rollups,
    readers.cellFacts,
    readers.organs,
    hierarchy,
    catalog,
    {
      jurisdictions,
      organs,
      indicators,
      from,
      to,
      measure: args.measure,
      aggregateYears: args.aggregateYears,
      exclude: [...new Set(args.exclude ?? [])],
    },
    budget,
  );
}

/**
 * `organsOf` names one jurisdiction and stands alone; per organ, only the organ's own reports have a
 * meaning (OWN, or ROLLUP, the same for an organ): REPORTED, a jurisdiction's SUMMARY, is refused.
 */
function checkOrgansOf(args: CellsArgs, known: (code: string) => boolean): string {
  const { organsOf, codes, childrenOf, descendantsOf, level } = args.jurisdictions;
  const code = organsOf as string;
  checkJurisdictionCode(code, 'organsOf');
  if (!known(code))
    throw new BadUserInputError(`organsOf: "${code}" is not a jurisdiction code; the \`jurisdictions(search: …)\` query finds codes.`, {
      argument: 'organsOf',
    });
  if (codes || childrenOf || descendantsOf || level) {
    throw new BadUserInputError(
      'organsOf selects the organs of one jurisdiction on its own: leave out codes, childrenOf, descendantsOf and level (ask for jurisdictions in a request of their own).',
      { argument: 'organsOf' },
    );
  }
  if (args.measure === 'REPORTED') {
    throw new BadUserInputError(
      `measure REPORTED is a jurisdiction's SUMMARY report, which no single organ has. Per organ use OWN (each organ's own report; ROLLUP and BEST give the same). For ${code}'s SUMMARY ask { codes: ["${code}"] } with measure REPORTED, or ROLLUP for the sum of its organs.`,
      { argument: 'measure' },
    );
  }
  return code;
}
