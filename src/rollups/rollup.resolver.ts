import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { BadUserInputError } from '../errors';
import { JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { checkYear } from '../validation';
import { rollupCosts } from './rollup.costs';
import type { ReportIssue } from './cell-quality';
import type { Ranking } from './ranking';
import type { Measure } from './rollup.reader';
import {
  CellType,
  JurisdictionSelector,
  MatrixType,
  MeasureEnum,
  RankingType,
  ReportIssueEnum,
  SeriesType,
  SortOrderEnum,
  YearRange,
} from './rollup.type';

const EXCLUDE_DESCRIPTION =
  "Leave reports out of each cell: FAILED_CHECKS, those failing an accounting identity on the cell's parts; MISSING_PARTS, those declaring one of its parts missing. Values are then computed from the reports left in (for BEST, a summary left out is replaced by its members); `quality.reportsLeftOut` counts them.";

@ArgsType()
class CellsArgsType {
  @Field(() => JurisdictionSelector, { description: 'Which jurisdictions.' })
  jurisdictions: JurisdictionSelector;

  @Field(() => [ID], { description: 'Indicator codes (base or derived).' })
  indicators: string[];

  @Field(() => YearRange, { description: 'Years, inclusive.' })
  years: YearRange;

  @Field(() => MeasureEnum, { defaultValue: 'OWN', description: 'OWN, REPORTED, ROLLUP or BEST.' })
  measure: Measure;

  @Field({
    defaultValue: false,
    description:
      "Collapse the year range into one value per jurisdiction and indicator by each indicator's time rule (flows sum, stocks take the first or last year, ratios are recomputed).",
  })
  aggregateYears: boolean;

  @Field(() => [ReportIssueEnum], { nullable: true, description: EXCLUDE_DESCRIPTION })
  exclude?: ReportIssue[] | null;
}

@ArgsType()
class MatrixArgsType extends CellsArgsType {
  @Field(() => Int, {
    nullable: true,
    description:
      'Round ratios (unit "ratio") in `values` to this many decimals for display (0–12); full precision when omitted. Other values are never rounded.',
  })
  decimals?: number | null;
}

@ArgsType()
class RankingArgs {
  @Field(() => ID, { description: 'Indicator to rank by (base or derived, e.g. "derived.disclosure_rate").' })
  indicator: string;

  @Field(() => Int, { description: 'Year.' })
  year: number;

  @Field(() => JurisdictionSelector, {
    description: 'Jurisdictions to rank, e.g. { level: PREFECTURE } for every prefecture of the country.',
  })
  among: JurisdictionSelector;

  @Field(() => MeasureEnum, { defaultValue: 'ROLLUP', description: 'OWN, REPORTED, ROLLUP or BEST.' })
  measure: Measure;

  @Field(() => SortOrderEnum, { defaultValue: 'DESC', description: 'DESC: largest first.' })
  order: 'ASC' | 'DESC';

  @Field(() => Int, { defaultValue: 10, description: 'How many ranked entries to return.' })
  first: number;

  @Field(() => [ReportIssueEnum], { nullable: true, description: EXCLUDE_DESCRIPTION })
  exclude?: ReportIssue[] | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'ROLLUP and BEST: rank only jurisdictions whose coverage reports at least this share (0–1) of the jurisdictions expected; the others are listed as unranked with their coverage.',
  })
  minCoverage?: number | null;

  @Field({
    defaultValue: false,
    description:
      'ROLLUP and BEST: rank only jurisdictions whose coverage is complete (nothing missing); the others are listed as unranked with the reason.',
  })
  completeOnly: boolean;
}

@Resolver()
export class RollupResolver {
  @Query(() => [CellType], {
    complexity: rollupCosts.cells,
    description:
      'Values for jurisdictions × indicators × years in one request, with the reason of every non-VALUE cell, coverage, composition, quality, reconciliation, sources and year-over-year change. Cells come in jurisdiction, indicator, year order.',
  })
  async cells(@Args() args: CellsArgsType, @Ctx() ctx: Context) {
    return (await ctx.services.cells.plan(args, ctx.config.maxCells, ctx.deadline)).cells();
  }

  @Query(() => MatrixType, {
    complexity: rollupCosts.matrix,
    description:
      'The same request as `cells`, as axis lists and flat arrays for dashboards (values and statuses; reasons, coverage and quality when asked for).',
  })
  async matrix(@Args() args: MatrixArgsType, @Ctx() ctx: Context) {
    const { decimals } = args;
    if (decimals !== undefined && decimals !== null && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 12)) {
      throw new BadUserInputError(`decimals must be a whole number from 0 to 12, got ${decimals}.`, { argument: 'decimals' });
    }
    const computation = await ctx.services.cells.plan(args, ctx.config.maxCells, ctx.deadline);
    const cells = await computation.cells();
    const round = (cell: (typeof cells)[number]) =>
      decimals === undefined || decimals === null || cell.value === null || cell.indicator.unit !== 'ratio'
        ? cell.value
        : Number(cell.value.toFixed(decimals));
    const { jurisdictions, organs, indicators, measure, aggregateYears, to } = computation.request;
    return {
      jurisdictions: organs ? organs.map((o) => jurisdictions.find((j) => j.code === o.jurisdictionCode)) : jurisdictions,
      organs,
      indicators,
      years: aggregateYears ? [to] : computation.years,
      measure,
      values: cells.map(round),
      statuses: cells.map((c) => c.status),
      cells,
    };
  }

  @Query(() => RankingType, {
    complexity: rollupCosts.ranking,
    description:
      'Jurisdictions ranked by one indicator in one year, or the organs of one jurisdiction (`among: { organsOf: "350128" }`, each by its own report); those without a value, or below `minCoverage`/`completeOnly`, are listed apart with the reason.',
  })
  async ranking(@Args() args: RankingArgs, @Ctx() ctx: Context): Promise<Ranking> {
    checkYear(args.year);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > ctx.config.maxPageSize) {
      throw new BadUserInputError(`first must be from 1 to ${ctx.config.maxPageSize}, got ${args.first}.`, { argument: 'first' });
    }
    const computation = await ctx.services.cells.plan(
      {
        jurisdictions: args.among,
        indicators: [args.indicator],
        years: { from: args.year, to: args.year },
        measure: args.measure,
        aggregateYears: false,
        exclude: args.exclude,
      },
      ctx.config.maxCells,
      ctx.deadline,
    );
    return ctx.services.cells.rank(computation, args);
  }
}

@Resolver(() => RankingType)
export class RankingResolver {
  // Declared on RankingType; resolved here, so that a ranking over materialised roll-ups reads every jurisdiction's value only when asked
  // for.
  // (type-graphql takes a field resolver's own options over its field's: the price is repeated here.)
  @FieldResolver({ complexity: rollupCosts.rankingUnranked })
  async unranked(@Root() ranking: Ranking) {
    return ranking.unrankedOf();
  }
}

@Resolver(() => JurisdictionType)
export class JurisdictionSeriesResolver {
  @FieldResolver(() => [SeriesType], {
    complexity: rollupCosts.series,
    description:
      "This jurisdiction's values over years, one series per indicator (batched across jurisdictions: one computation per distinct arguments).",
  })
  async series(
    @Root() jurisdiction: JurisdictionType,
    @Arg('indicators', () => [ID], { description: 'Indicator codes.' }) indicators: string[],
    @Arg('years', () => YearRange, { description: 'Years, inclusive.' }) years: YearRange,
    @Arg('measure', () => MeasureEnum, { defaultValue: 'OWN', description: 'OWN, REPORTED, ROLLUP or BEST.' }) measure: Measure,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.series.load({ code: jurisdiction.code, indicators, years: { from: years.from, to: years.to }, measure });
  }
}
