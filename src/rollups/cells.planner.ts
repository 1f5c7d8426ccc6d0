import type { Config } from '../config';
import type { Services } from '../context';
import { BadUserInputError, QueryTooLargeError } from '../errors';
import type { JurisdictionSelection } from '../jurisdictions/hierarchy';
import { checkYear } from '../validation';
import { CellsComputation, UNLIMITED, type WorkBudget } from './cells.computation';
import type { Measure } from './rollup.service';

export interface CellsArgs {
  jurisdictions: JurisdictionSelection;
  indicators: string[];
  years: { from: number; to: number };
  measure: Measure;
  aggregateYears: boolean;
}

/** QUERY_TOO_LARGE with the exact size: from the planner, and from the price before anything runs (rollup.costs.ts). */
export function tooManyCells(jurisdictions: number, indicators: number, years: number, limit: number): QueryTooLargeError {
  const size = jurisdictions * indicators * years;
  return new QueryTooLargeError(
    `This request asks for ${size.toLocaleString('en')} cells (${jurisdictions} jurisdictions × ${indicators} indicators × ${years} years); the limit is ${limit.toLocaleString('en')}. ` +
      'Split it: fewer jurisdictions (e.g. one province\'s childrenOf at a time), fewer indicators, or a shorter year range per request.',
    { cells: size, limit },
  );
}

/**
 * Checks a cells-shaped request and sizes it before any value is fetched: jurisdictions × indicators ×
 * years above the configured maximum is refused with QUERY_TOO_LARGE and advice on how to split.
 */
export async function planCells(services: Services, config: Config, args: CellsArgs, budget: WorkBudget = UNLIMITED): Promise<CellsComputation> {
  const { from, to } = args.years;
  checkYear(from, 'years.from');
  checkYear(to, 'years.to');
  if (from > to) throw new BadUserInputError(`years.from (${from}) must not be after years.to (${to}).`, { argument: 'years' });
  if (args.indicators.length === 0) throw new BadUserInputError('indicators must name at least one catalog code, e.g. ["applications.new.total"].', { argument: 'indicators' });

  const [hierarchy, catalog] = await Promise.all([services.jurisdictions.hierarchy(), services.indicators.catalog()]);
  const unknown = args.indicators.filter((c) => !catalog.has(c));
  if (unknown.length > 0) {
    throw new BadUserInputError(`indicators: unknown code(s) ${unknown.slice(0, 5).join(', ')}; the \`indicators\` query lists the catalog.`, { argument: 'indicators' });
  }
  const jurisdictions = hierarchy.select(args.jurisdictions);
  const indicators = [...new Set(args.indicators)].map((c) => catalog.get(c)!);
  const yearCount = args.aggregateYears ? 1 : to - from + 1;
  const size = jurisdictions.length * indicators.length * yearCount;
  if (size > config.maxCells) throw tooManyCells(jurisdictions.length, indicators.length, yearCount, config.maxCells);
  return new CellsComputation(services.rollups, hierarchy, catalog, { jurisdictions, indicators, from, to, measure: args.measure, aggregateYears: args.aggregateYears }, budget);
}
