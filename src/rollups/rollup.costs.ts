import { ancestorArgs, listOf, ORGANS_PER_JURISDICTION, priced, type CostOptions } from '../http/query-cost';
import { MAX_YEAR, MIN_YEAR } from '../validation';
import { tooManyCells } from './cells.service';

/**
 * Prices of the roll-up fields (see src/http/query-cost.ts), from the real size of the request: the
 * selector resolved on the hierarchy (codes, childrenOf, descendantsOf, level), the distinct
 * indicators, the years of the range. A request the planner will refuse (unknown codes, years out of
 * order) is priced at its largest possible size, never at 0: nothing of it runs anyway.
 */
export interface CellsShape {
  jurisdictions: number;
  indicators: number;
  /** Years read (the whole range, also when aggregated). */
  yearsRead: number;
  /** Years per jurisdiction and indicator in the answer (1 when aggregated). */
  years: number;
  cells: number;
  /** Base values read: what the SQL returns and the computation goes through. */
  rowsRead: number;
  /** Most jurisdictions in the subtree of one selected jurisdiction (what a roll-up cell covers). */
  largestSubtree: number;
  measure: string;
}

/** What pricing reads: the reference data, and the organ counts of the request. */
export type Pricing = Pick<CostOptions, 'reference' | 'organs'>;

/**
 * `selector`: the argument naming the jurisdictions (or, with `organsOf`, one jurisdiction's organs:
 * one row per organ, counted), or `one` for a single jurisdiction or organ not known in advance (a series).
 */
export function cellsShape(args: Record<string, unknown>, pricing: Pricing, selector: Selector = 'jurisdictions'): CellsShape {
  const { reference } = pricing;
  const codes = Array.isArray(args.indicators) ? [...new Set(args.indicators as string[])] : [args.indicator as string];
  const indicators = Math.max(1, codes.length);
  const { from, to } = (args.years ?? { from: args.year, to: args.year }) as { from?: number; to?: number };
  const yearsRead =
    typeof from === 'number' && typeof to === 'number' && from <= to
      ? Math.min(to - from + 1, MAX_YEAR - MIN_YEAR + 1)
      : MAX_YEAR - MIN_YEAR + 1;
  const years = args.aggregateYears === true ? 1 : yearsRead;
  let jurisdictions = selector === 'one' ? 1 : reference.hierarchy.rows.length;
  let largestSubtree = reference.maxSubtree;
  let resolved = selector === 'one';
  const organsOf = selector === 'one' ? null : (args[selector] as { organsOf?: unknown } | null | undefined)?.organsOf;
  if (typeof organsOf === 'string') {
    jurisdictions = pricing.organs(organsOf);
    largestSubtree = 1;
    resolved = true;
  } else if (selector !== 'one') {
    // null: the planner refuses this selector with its own message; until then, the largest size.
    const summary = reference.selection(args[selector]);
    if (summary) {
      jurisdictions = summary.count;
      largestSubtree = summary.largestSubtree;
      resolved = true;
    }
  }
  // Over OGI_MAX_CELLS: refused here, before anything runs, with the planner's own message.
  if (resolved && jurisdictions * indicators * years > reference.maxCells)
    throw tooManyCells(jurisdictions, indicators, years, reference.maxCells, typeof organsOf === 'string' ? 'organs' : 'jurisdictions');
  return {
    jurisdictions,
    indicators,
    yearsRead,
    years,
    cells: jurisdictions * indicators * years,
    rowsRead: jurisdictions * reference.baseCodeCount(codes) * yearsRead,
    largestSubtree,
    measure: typeof args.measure === 'string' ? args.measure : 'OWN',
  };
}

/** Reports behind one cell: one per year for OWN and REPORTED; for ROLLUP every organ's report in the subtree. */
export function sourcesPerCell(shape: Pick<CellsShape, 'measure' | 'largestSubtree' | 'yearsRead' | 'years'>): number {
  const yearsPerCell = shape.years === 1 ? shape.yearsRead : 1;
  return shape.measure === 'ROLLUP' ? shape.largestSubtree * ORGANS_PER_JURISDICTION * yearsPerCell : yearsPerCell;
}

/** How a roll-up field names its jurisdictions (see `cellsShape`): what the prices of the fields below it read. */
type Selector = 'jurisdictions' | 'among' | 'one';

/** The roll-up fields' own prices, each with the selector of its arguments (filled below `rollupCosts`). */
const rollupRoots = new Map<unknown, Selector>();

/** The shape of the roll-up request a field hangs under: the nearest field above priced as a roll-up (cells, matrix, ranking, a series). */
function enclosingShape(o: CostOptions): CellsShape {
  for (let i = o.ancestors.length - 1; i >= 0; i--) {
    const selector = rollupRoots.get(o.ancestors[i].price);
    if (selector) return cellsShape(o.ancestors[i].args, o, selector);
  }
  return cellsShape({}, o);
}

/** Every jurisdiction's value is computed (or counted in SQL); entries and unranked priced by their fields. */
const rankingPrice = priced((o) => {
  const shape = cellsShape(o.args, o, 'among');
  return shape.rowsRead + shape.cells + 1 + o.childComplexity;
});

export const rollupCosts = {
  /** Base values read, then each cell with its selection. */
  cells: priced((o) => {
    const shape = cellsShape(o.args, o);
    return shape.rowsRead + shape.cells * (1 + o.childComplexity);
  }),
  /** The computation, then the axes and flat arrays priced by their own fields. */
  matrix: priced((o) => {
    const shape = cellsShape(o.args, o);
    return shape.rowsRead + shape.cells + 1 + o.childComplexity;
  }),
  matrixValues: priced((o) => enclosingShape(o).cells),
  matrixJurisdictions: listOf((o) => enclosingShape(o).jurisdictions),
  matrixIndicators: listOf((o) => enclosingShape(o).indicators),
  matrixYears: priced((o) => enclosingShape(o).years),
  ranking: rankingPrice,
  rankingEntries: listOf((o) => {
    const first = ancestorArgs(o, (c) => c.price === rankingPrice)?.first;
    return Math.min(typeof first === 'number' && first > 0 ? first : 1, enclosingShape(o).jurisdictions);
  }),
  /** Computes every jurisdiction's cell again (only when asked for), and may list all of them. */
  rankingUnranked: priced((o) => {
    const shape = enclosingShape(o);
    return shape.rowsRead + shape.cells * (1 + o.childComplexity);
  }),
  /** One jurisdiction's values: each indicator a series, each series a cell per year. */
  series: priced((o) => {
    const shape = cellsShape(o.args, o, 'one');
    return shape.rowsRead + shape.indicators * (1 + o.childComplexity);
  }),
  seriesCells: listOf((o) => enclosingShape(o).years),
  sources: listOf((o) => sourcesPerCell(enclosingShape(o))),
  coverageMissing: listOf((o) => enclosingShape(o).largestSubtree),
  /** The organs of a roll-up's subtree it lacks: at most every organ of every jurisdiction in it. */
  coverageMissingOrgans: listOf((o) => enclosingShape(o).largestSubtree * ORGANS_PER_JURISDICTION),
};

rollupRoots
  .set(rollupCosts.cells, 'jurisdictions')
  .set(rollupCosts.matrix, 'jurisdictions')
  .set(rollupCosts.ranking, 'among')
  .set(rollupCosts.series, 'one');

/** The CSV export: the cells, the values read, and every source report listed for each cell. */
export function exportCost(
  args: { jurisdictions: unknown; indicators: string[]; years: { from: number; to: number }; measure: string; aggregateYears: boolean },
  pricing: Pricing,
): number {
  const shape = cellsShape(args as unknown as Record<string, unknown>, pricing);
  return shape.rowsRead + shape.cells * (1 + sourcesPerCell(shape));
}
