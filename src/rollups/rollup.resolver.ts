import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { BadUserInputError } from '../errors';
import { JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { OrganCoverageType } from '../organs/organ.type';
import { ReportType } from '../reports/report.type';
import { checkYear } from '../validation';
import { rankValues } from './aggregation';
import { rollupCosts } from './rollup.costs';
import type { Cell } from './cells.computation';
import { planCells } from './cells.planner';
import type { Measure } from './rollup.service';
import {
  CellType,
  CoverageType,
  JurisdictionSelector,
  MatrixType,
  MeasureEnum,
  RankingType,
  ReconciliationType,
  SeriesType,
  SortOrderEnum,
  YearRange,
} from './rollup.type';

@ArgsType()
class CellsArgsType {
  @Field(() => JurisdictionSelector, { description: 'Which jurisdictions.' })
  jurisdictions: JurisdictionSelector;

  @Field(() => [ID], { description: 'Indicator codes (base or derived).' })
  indicators: string[];

  @Field(() => YearRange, { description: 'Years, inclusive.' })
  years: YearRange;

  @Field(() => MeasureEnum, { defaultValue: 'OWN', description: 'OWN, REPORTED or ROLLUP.' })
  measure: Measure;

  @Field({ defaultValue: false, description: "Collapse the year range into one value per jurisdiction and indicator by each indicator's time rule (flows sum, stocks take the first or last year, ratios are recomputed)." })
  aggregateYears: boolean;
}

@ArgsType()
class RankingArgs {
  @Field(() => ID, { description: 'Indicator to rank by (base or derived, e.g. "derived.disclosure_rate").' })
  indicator: string;

  @Field(() => Int, { description: 'Year.' })
  year: number;

  @Field(() => JurisdictionSelector, { description: 'Jurisdictions to rank, e.g. { level: PREFECTURE } for every prefecture of the country.' })
  among: JurisdictionSelector;

  @Field(() => MeasureEnum, { defaultValue: 'ROLLUP', description: 'OWN, REPORTED or ROLLUP.' })
  measure: Measure;

  @Field(() => SortOrderEnum, { defaultValue: 'DESC', description: 'DESC: largest first.' })
  order: 'ASC' | 'DESC';

  @Field(() => Int, { defaultValue: 10, description: 'How many ranked entries to return.' })
  first: number;
}

@Resolver()
export class RollupResolver {
  @Query(() => [CellType], { complexity: rollupCosts.cells, description: 'Values for jurisdictions × indicators × years in one request, with coverage, reconciliation, sources and year-over-year change. Cells come in jurisdiction, indicator, year order.' })
  async cells(@Args() args: CellsArgsType, @Ctx() ctx: Context) {
    return (await planCells(ctx.services, ctx.config, args, ctx.deadline)).cells();
  }

  @Query(() => MatrixType, { complexity: rollupCosts.matrix, description: 'The same request as `cells`, as axis lists and flat arrays for dashboards.' })
  async matrix(@Args() args: CellsArgsType, @Ctx() ctx: Context) {
    const computation = await planCells(ctx.services, ctx.config, args, ctx.deadline);
    const cells = await computation.cells();
    const { jurisdictions, organs, indicators, measure, aggregateYears, to } = computation.request;
    return {
      jurisdictions: organs ? organs.map((o) => jurisdictions.find((j) => j.code === o.jurisdictionCode)) : jurisdictions,
      organs,
      indicators,
      years: aggregateYears ? [to] : computation.years,
      measure,
      values: cells.map((c) => c.value),
      statuses: cells.map((c) => c.status),
    };
  }

  @Query(() => RankingType, {
    complexity: rollupCosts.ranking,
    description:
      'Jurisdictions ranked by one indicator in one year, or the organs of one jurisdiction (`among: { organsOf: "350128" }`, each by its own report); those without a value are listed apart with the reason.',
  })
  async ranking(@Args() args: RankingArgs, @Ctx() ctx: Context) {
    checkYear(args.year);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > ctx.config.maxPageSize) {
      throw new BadUserInputError(`first must be from 1 to ${ctx.config.maxPageSize}, got ${args.first}.`, { argument: 'first' });
    }
    const computation = await planCells(ctx.services, ctx.config, {
      jurisdictions: args.among,
      indicators: [args.indicator],
      years: { from: args.year, to: args.year },
      measure: args.measure,
      aggregateYears: false,
    }, ctx.deadline);
    const unrankedOf = async (): Promise<UnrankedEntry[]> => {
      const { unranked } = rankValues((await computation.cells()).map((cell) => ({ item: cell, value: cell })), args.order);
      return unranked.map(({ item }) => ({ status: item.status, reason: item.reason ?? reasonOf(item), cell: item }));
    };
    const { jurisdictions, organs, indicators, measure } = computation.request;
    if (measure === 'ROLLUP' && !organs && jurisdictions.length > 0 && jurisdictions.every((j) => j.level !== 'COUNTY')) {
      // Materialised roll-ups: counted and ordered in SQL, only the entries returned are read.
      const [indicator] = indicators;
      const hierarchy = await ctx.services.jurisdictions.hierarchy();
      const levels = [...new Set(jurisdictions.map((j) => j.level))];
      const whole = jurisdictions.length === levels.reduce((n, level) => n + hierarchy.levelSize(level), 0);
      const roots = { levels, codes: whole ? null : jurisdictions.map((j) => j.code) };
      const { count, top } = await ctx.services.rollups.rankedRollups(indicator.code, Boolean(indicator.formula), args.year, roots, args.order, args.first);
      const byCode = new Map(jurisdictions.map((j) => [j.code, j]));
      const entries: RankingEntry[] = [];
      top.forEach(({ code, value }, i) => {
        const rank = i > 0 && top[i - 1].value === value ? entries[i - 1].rank : i + 1;
        const cell = computation.cellOf(byCode.get(code)!, indicator, args.year, { value, status: 'VALUE' });
        entries.push({ rank, percentile: ((count - rank + 1) / count) * 100, value, cell });
      });
      return { rankedCount: count, entries, unrankedOf };
    }
    const cells = await computation.cells();
    const { ranked } = rankValues(cells.map((cell) => ({ item: cell, value: cell })), args.order);
    return {
      rankedCount: ranked.length,
      entries: ranked.slice(0, args.first).map((r): RankingEntry => ({ rank: r.rank, percentile: r.percentile, value: r.value, cell: r.item })),
      unrankedOf,
    };
  }
}

interface RankingEntry {
  rank: number;
  percentile: number;
  value: number;
  cell: Cell;
}

interface UnrankedEntry {
  status: string;
  reason: string;
  cell: Cell;
}

/** What `ranking` resolves to: the unranked jurisdictions are listed only when asked for (RankingResolver). */
interface Ranking {
  rankedCount: number;
  entries: RankingEntry[];
  unrankedOf(): Promise<UnrankedEntry[]>;
}

@Resolver(() => RankingType)
export class RankingResolver {
  // Declared on RankingType; resolved here, so that a ranking over materialised roll-ups reads every jurisdiction's value only when asked for.
  // (type-graphql takes a field resolver's own options over its field's: the price is repeated here.)
  @FieldResolver({ complexity: rollupCosts.rankingUnranked })
  async unranked(@Root() ranking: Ranking) {
    return ranking.unrankedOf();
  }
}

function reasonOf(cell: Cell): string {
  if (cell.status === 'MISSING') return `no report for ${cell.year ?? `${cell.from}–${cell.to}`}`;
  if (cell.status === 'BLANK') return 'printed blank';
  return cell.status.toLowerCase();
}

@Resolver(() => CellType)
export class CellResolver {
  // Declared on CellType (description and type there); resolved here, so the year before the range is read only when asked for.
  @FieldResolver()
  async yoy(@Root() cell: Cell) {
    return cell.computation.yoy(cell);
  }

  @FieldResolver(() => CoverageType, { nullable: true, description: 'ROLLUP only: which jurisdictions of the subtree contributed (null for OWN and REPORTED).' })
  async coverage(@Root() cell: Cell) {
    return cell.computation.coverage(cell);
  }

  @FieldResolver(() => ReconciliationType, { nullable: true, description: "The jurisdiction's SUMMARY value against the roll-up, where both exist." })
  async reconciliation(@Root() cell: Cell) {
    return cell.computation.reconciliation(cell);
  }

  @FieldResolver(() => [ReportType], { complexity: rollupCosts.sources, description: 'The reports the value came from (for a roll-up, every contributing report).' })
  async sources(@Root() cell: Cell, @Ctx() ctx: Context) {
    const ids = await cell.computation.sourceReportIds(cell);
    return (await ctx.loaders.report.loadMany(ids)).filter((r) => r && !(r instanceof Error));
  }
}

@Resolver(() => CoverageType)
export class CoverageResolver {
  @FieldResolver(() => [JurisdictionType], { complexity: rollupCosts.coverageMissing, description: 'Jurisdictions of the subtree that did not contribute: the roll-up is partial without them.' })
  async missing(@Root() coverage: CoverageType, @Ctx() ctx: Context) {
    const hierarchy = await ctx.services.jurisdictions.hierarchy();
    return coverage.missing.map((code) => hierarchy.get(code));
  }

  @FieldResolver(() => OrganCoverageType, {
    description:
      'Which organs of the subtree the roll-up expects for the year (those with an OWN report in the year before, the year or the year after) and which of them did not report: computed only when asked for, once for all cells.',
  })
  async organs(@Root() coverage: CoverageType) {
    return coverage.cell.computation.organCoverage(coverage.cell);
  }
}

@Resolver(() => JurisdictionType)
export class JurisdictionSeriesResolver {
  @FieldResolver(() => [SeriesType], { complexity: rollupCosts.series, description: 'This jurisdiction\'s values over years, one series per indicator (batched across jurisdictions: one computation per distinct arguments).' })
  async series(
    @Root() jurisdiction: JurisdictionType,
    @Arg('indicators', () => [ID], { description: 'Indicator codes.' }) indicators: string[],
    @Arg('years', () => YearRange, { description: 'Years, inclusive.' }) years: YearRange,
    @Arg('measure', () => MeasureEnum, { defaultValue: 'OWN', description: 'OWN, REPORTED or ROLLUP.' }) measure: Measure,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.series.load({ code: jurisdiction.code, indicators, years: { from: years.from, to: years.to }, measure });
  }
}
