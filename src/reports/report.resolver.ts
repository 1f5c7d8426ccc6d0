import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { BadUserInputError } from '../errors';
import { IndicatorType } from '../indicators/indicator.type';
import { JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { CONSISTENCY_CHECKS, listOf, MISSING_PARTS } from '../http/query-cost';
import { checkPageSize, toConnection } from '../pagination';
import { checkJurisdictionCode, checkYear } from '../validation';
import type { ObservationEntity } from '../observations/observation.entity';
import { checkConsistency } from './consistency';
import { checkCrossYear } from './cross-year';
import type { ReportEntity } from './report.entity';
import { ConsistencyCheckType, MissingPartType, ObservationType, ReportConnection, ReportType } from './report.type';

@ArgsType()
class ReportsArgs {
  @Field(() => ID, { nullable: true, description: 'Only reports of organs of this jurisdiction (six-digit code).' })
  jurisdiction?: string;

  @Field(() => Int, { nullable: true, description: 'Only reports on this year.' })
  year?: number;

  @Field({ defaultValue: false, description: 'Also list revisions that a later revision superseded.' })
  includeSuperseded: boolean;

  @Field({ defaultValue: false, description: 'Also list withdrawn reports.' })
  includeWithdrawn: boolean;

  @Field(() => Int, { defaultValue: 50, description: 'Page size (at most the configured maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
  after?: string;
}

function parseReportId(id: string): number {
  const n = Number(id);
  if (!/^\d{1,12}$/.test(id) || !Number.isSafeInteger(n)) {
    throw new BadUserInputError(`id must be a report id (a positive whole number such as "1"), got "${id}".`, { argument: 'id' });
  }
  return n;
}

@Resolver(() => ReportType)
export class ReportResolver {
  @Query(() => ReportType, { nullable: true, description: 'One report revision by id; null when there is none.' })
  async report(@Arg('id', () => ID, { description: 'Report id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(parseReportId(id));
  }

  @Query(() => ReportConnection, {
    description:
      'Reports matching all the filters given, current revisions only (neither superseded nor withdrawn) unless asked, ordered by id.',
  })
  async reports(@Args() args: ReportsArgs, @Ctx() ctx: Context) {
    checkPageSize(args.first, ctx.config.maxPageSize);
    if (args.jurisdiction) checkJurisdictionCode(args.jurisdiction, 'jurisdiction');
    if (args.year !== undefined && args.year !== null) checkYear(args.year);
    const page = await ctx.services.reports.list(args, args.first, args.after ?? null);
    return toConnection(page, (r) => r.id);
  }

  @FieldResolver(() => JurisdictionType, { description: 'The jurisdiction of the reporting organ.' })
  async jurisdiction(@Root() report: ReportType, @Ctx() ctx: Context) {
    return ctx.loaders.jurisdiction.load(report.jurisdictionCode);
  }

  @FieldResolver(() => ReportType, { nullable: true, description: 'The revision that replaced this one; null for the current revision.' })
  async supersededBy(@Root() report: ReportType, @Ctx() ctx: Context) {
    return report.supersededById ? ctx.loaders.report.load(report.supersededById) : null;
  }

  @FieldResolver(() => [ObservationType], {
    complexity: listOf((o) => (Array.isArray(o.args.indicators) ? o.args.indicators.length : o.reference.indicatorCount)),
    description: 'The values read from the report, in catalog order.',
  })
  async observations(
    @Root() report: ReportType,
    @Arg('indicators', () => [ID], { nullable: true, description: 'Only these indicator codes.' }) indicators: string[] | undefined,
    @Ctx() ctx: Context,
  ) {
    const all = await ctx.loaders.observations.load(report.id);
    if (!indicators) return all;
    const wanted = new Set(indicators);
    return all.filter((o) => wanted.has(o.indicatorCode));
  }

  @FieldResolver(() => [ConsistencyCheckType], {
    complexity: listOf(() => CONSISTENCY_CHECKS),
    description:
      "Every accounting identity the report's tables allow checking, with the numbers compared: I1–I4 within the report, and I5 against the same organ's current report of the year before (checked anew whenever either is stored).",
  })
  async consistency(@Root() report: ReportType, @Ctx() ctx: Context) {
    const [observations, previous] = await Promise.all([
      ctx.loaders.observations.load(report.id),
      ctx.loaders.organYearReport.load(`${(report as ReportType & Pick<ReportEntity, 'organId'>).organId}:${report.year - 1}`),
    ]);
    const values = valuesOf(observations);
    const crossYear = previous ? checkCrossYear(values, valuesOf(await ctx.loaders.observations.load(previous.id)), previous.id) : [];
    return [...checkConsistency(values).map((c) => ({ ...c, otherReportId: null })), ...crossYear].map((c) => ({
      ...c,
      holds: c.status === 'NOT_CHECKABLE' ? null : c.status === 'PASS',
    }));
  }

  @FieldResolver(() => [MissingPartType], {
    complexity: listOf(() => MISSING_PARTS),
    description: 'Parts of the format the source did not give or that could not be read without guessing.',
  })
  missing(@Root() report: ReportType) {
    return (report as ReportType & Pick<ReportEntity, 'missingParts'>).missingParts ?? [];
  }
}

@Resolver(() => ObservationType)
export class ObservationResolver {
  @FieldResolver(() => IndicatorType, { description: 'The indicator observed.' })
  async indicator(@Root() observation: ObservationType, @Ctx() ctx: Context) {
    return ctx.loaders.indicator.load(observation.indicatorCode);
  }

  @FieldResolver(() => ReportType, { description: 'The report the value comes from (its provenance).' })
  async report(@Root() observation: ObservationType, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(observation.reportId);
  }
}

function valuesOf(observations: readonly ObservationEntity[]): Map<string, number | null> {
  return new Map(observations.map((o) => [o.indicatorCode, o.status === 'VALUE' ? o.value : null]));
}
