import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { INVENTORY_YEARS, listOf, REPORT_YEARS } from '../http/query-cost';
import type { Context } from '../context';
import { BadUserInputError } from '../errors';
import { JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { YearRange } from '../rollups/rollup.type';
import { checkYear } from '../validation';
import { AvailabilityType, ProvinceInventoryType, YearInventoryType } from './inventory.type';

function spanOf(years: YearRange | null | undefined): { from: number; to: number } | null {
  if (!years) return null;
  checkYear(years.from, 'years.from');
  checkYear(years.to, 'years.to');
  if (years.from > years.to)
    throw new BadUserInputError(`years.from (${years.from}) must not be after years.to (${years.to}).`, { argument: 'years' });
  return { from: years.from, to: years.to };
}

@Resolver(() => YearInventoryType)
export class InventoryResolver {
  @Query(() => [YearInventoryType], {
    complexity: listOf((o) => yearsIn(o.args.years, INVENTORY_YEARS)),
    description:
      'What data exists, year by year: current reports by kind and format version, jurisdictions with data by level, and per province. Every year with a report, oldest first; with `years`, every year of the range (a year without reports has 0).',
  })
  async years(
    @Arg('years', () => YearRange, { nullable: true, description: 'Only these years (inclusive), each listed even without reports.' })
    years: YearRange | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.inventory.years(await ctx.services.jurisdictions.hierarchy(), spanOf(years));
  }
}

@Resolver(() => ProvinceInventoryType)
export class ProvinceInventoryResolver {
  @FieldResolver(() => JurisdictionType, { description: 'The province.' })
  async province(@Root() row: ProvinceInventoryType, @Ctx() ctx: Context) {
    return ctx.loaders.jurisdiction.load(row.code);
  }
}

@Resolver(() => JurisdictionType)
export class JurisdictionAvailabilityResolver {
  @FieldResolver(() => [AvailabilityType], {
    complexity: listOf((o) => yearsIn(o.args.years, REPORT_YEARS)),
    description:
      "Which reports exist for this jurisdiction, year by year: its government's OWN reports, its departments', its SUMMARY reports, and the reports of the jurisdictions below it. Every year with any of them; with `years`, every year of the range.",
  })
  async availability(
    @Root() jurisdiction: JurisdictionType,
    @Arg('years', () => YearRange, { nullable: true, description: 'Only these years (inclusive), each listed even without reports.' })
    years: YearRange | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.availability.load({ code: jurisdiction.code, span: spanOf(years) });
  }
}

/** Years a `years` argument lists: the range given, else about as many as the data holds. */
function yearsIn(range: unknown, otherwise: number): number {
  const r = range as { from?: unknown; to?: unknown } | null | undefined;
  return r && typeof r.from === 'number' && typeof r.to === 'number' ? Math.max(1, r.to - r.from + 1) : otherwise;
}
