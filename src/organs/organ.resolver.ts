import { Arg, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { BadUserInputError } from '../errors';
import { JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { listOf, ORGANS_PER_JURISDICTION, REPORT_YEARS, type CostOptions } from '../http/query-cost';
import { ReportType } from '../reports/report.type';
import { rollupCosts } from '../rollups/rollup.costs';
import { SeriesType, YearRange } from '../rollups/rollup.type';
import { checkYear } from '../validation';
import type { YearSpan } from './organ.service';
import { OrganNameType, OrganType } from './organ.type';

/** Years a `years` argument spans (every year with reports when omitted), for prices. */
function yearsPriced(o: CostOptions): number {
  const years = o.args.years as { from?: number; to?: number } | null | undefined;
  return years && typeof years.from === 'number' && typeof years.to === 'number' && years.to >= years.from
    ? Math.min(years.to - years.from + 1, REPORT_YEARS)
    : REPORT_YEARS;
}

/** A checked year range, or null when none was given (every year). */
function spanOf(years: YearRange | null | undefined): YearSpan {
  if (!years) return null;
  checkYear(years.from, 'years.from');
  checkYear(years.to, 'years.to');
  if (years.from > years.to)
    throw new BadUserInputError(`years.from (${years.from}) must not be after years.to (${years.to}).`, { argument: 'years' });
  return { from: years.from, to: years.to };
}

@Resolver(() => JurisdictionType)
export class JurisdictionOrgansResolver {
  @FieldResolver(() => [OrganType], {
    complexity: listOf(() => ORGANS_PER_JURISDICTION),
    description:
      'The organs of this jurisdiction itself (not of the jurisdictions below) with a current report of any scope in the years asked for (any year when omitted), government first, then by name. A renamed organ is one organ (see `Organ.names`).',
  })
  async organs(
    @Root() jurisdiction: JurisdictionType,
    @Arg('years', () => YearRange, {
      nullable: true,
      description: 'Only organs that reported in these years (inclusive); every year when omitted.',
    })
    years: YearRange | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.organsOf.load({ code: jurisdiction.code, span: spanOf(years) });
  }
}

@Resolver(() => OrganType)
export class OrganResolver {
  @FieldResolver(() => JurisdictionType, { description: 'The jurisdiction the organ belongs to.' })
  async jurisdiction(@Root() organ: OrganType, @Ctx() ctx: Context) {
    return ctx.loaders.jurisdiction.load(organ.jurisdictionCode);
  }

  // A name per year, two in a year whose reports print two.
  @FieldResolver(() => [OrganNameType], {
    complexity: listOf(() => REPORT_YEARS * 2),
    description:
      'The name its current report of each year prints, oldest year first (two entries for a year whose reports print two names).',
  })
  async names(@Root() organ: OrganType, @Ctx() ctx: Context) {
    return ctx.loaders.organNames.load(organ.id);
  }

  // A current report per year and scope.
  @FieldResolver(() => [ReportType], {
    complexity: listOf((o) => yearsPriced(o) * 2),
    description: 'Its current reports (latest revisions), newest year first.',
  })
  async reports(
    @Root() organ: OrganType,
    @Arg('years', () => YearRange, { nullable: true, description: 'Only reports on these years (inclusive); every year when omitted.' })
    years: YearRange | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.organReports.load({ organId: organ.id, span: spanOf(years) });
  }

  @FieldResolver(() => [SeriesType], {
    complexity: rollupCosts.series,
    description:
      "Its own values over years, one series per indicator (measure OWN): each year's value from its current OWN report, BLANK where printed empty, MISSING where it has no OWN report for the year or does not print the cell. Batched across organs: one computation per distinct arguments.",
  })
  async series(
    @Root() organ: OrganType,
    @Arg('indicators', () => [ID], { description: 'Indicator codes (base or derived).' }) indicators: string[],
    @Arg('years', () => YearRange, { description: 'Years, inclusive.' }) years: YearRange,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.organSeries.load({ organId: organ.id, indicators, years: { from: years.from, to: years.to } });
  }
}
