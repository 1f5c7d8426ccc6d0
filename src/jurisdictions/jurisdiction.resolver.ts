import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { listOf, ORGANS_PER_JURISDICTION, REPORT_YEARS } from '../http/query-cost';
import { checkPageSize, toConnection } from '../pagination';
import { ReportType } from '../reports/report.type';
import { checkJurisdictionCode, checkYear } from '../validation';
import { isFunctionalZone } from './functional-zone';
import type { JurisdictionLevel } from './jurisdiction.entity';
import { JurisdictionConnection, JurisdictionLevelEnum, JurisdictionType } from './jurisdiction.type';

@ArgsType()
class JurisdictionsArgs {
  @Field(() => [ID], { nullable: true, description: 'Only these codes.' })
  codes?: string[];

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this code.' })
  parent?: string;

  @Field(() => JurisdictionLevelEnum, { nullable: true, description: 'Only this level.' })
  level?: JurisdictionLevel;

  @Field({
    nullable: true,
    description:
      'Only jurisdictions whose name, or a name they are known by (the alias table: 平潭综合实验区 is 平潭县), contains this text, e.g. "罗湖".',
  })
  search?: string;

  @Field(() => Int, { defaultValue: 50, description: 'Page size (at most the configured maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
  after?: string;
}

@Resolver(() => JurisdictionType)
export class JurisdictionResolver {
  @Query(() => JurisdictionType, { nullable: true, description: 'One jurisdiction by its six-digit code; null when no such code exists.' })
  async jurisdiction(
    @Arg('code', () => ID, { description: 'Six-digit GB/T 2260 code, e.g. "440300".' }) code: string,
    @Ctx() ctx: Context,
  ) {
    checkJurisdictionCode(code);
    return ctx.loaders.jurisdiction.load(code);
  }

  @Query(() => JurisdictionConnection, { description: 'Jurisdictions matching all the filters given, ordered by code, a page at a time.' })
  async jurisdictions(@Args() args: JurisdictionsArgs, @Ctx() ctx: Context) {
    checkPageSize(args.first, ctx.config.maxPageSize);
    args.codes?.forEach((c) => checkJurisdictionCode(c, 'codes'));
    if (args.parent) checkJurisdictionCode(args.parent, 'parent');
    const page = await ctx.services.jurisdictions.list(args, args.first, args.after ?? null);
    return toConnection(page, (j) => j.code);
  }

  @FieldResolver(() => Boolean, {
    description:
      'True for a functional zone (功能区: 开发区, 高新区, 新区, 示范区, 管理区 …, run by a 管委会 for its city), which GB/T 2260 lists at county level with a code whose fifth digit is 7 (e.g. "130171" 石家庄高新技术产业开发区); false for provinces, prefectures and real counties and districts (滨海新区 "120116" is a district).',
  })
  functionalZone(@Root() j: JurisdictionType): boolean {
    return isFunctionalZone(j);
  }

  @FieldResolver(() => JurisdictionType, { nullable: true, description: 'The jurisdiction directly above; null for a province.' })
  async parent(@Root() j: JurisdictionType, @Ctx() ctx: Context) {
    return j.parentCode ? ctx.loaders.jurisdiction.load(j.parentCode) : null;
  }

  @FieldResolver(() => [JurisdictionType], {
    complexity: listOf((o) => o.reference.maxChildren),
    description: 'The jurisdictions directly below, ordered by code.',
  })
  async children(@Root() j: JurisdictionType, @Ctx() ctx: Context) {
    return ctx.loaders.children.load(j.code);
  }

  @FieldResolver(() => [JurisdictionType], {
    complexity: listOf(() => 2),
    description: 'The jurisdictions above, from the province down to the parent.',
  })
  async ancestors(@Root() j: JurisdictionType, @Ctx() ctx: Context) {
    const chain: JurisdictionType[] = [];
    let parentCode = j.parentCode;
    while (parentCode) {
      const parent = await ctx.loaders.jurisdiction.load(parentCode);
      if (!parent) break;
      chain.unshift(parent);
      parentCode = parent.parentCode;
    }
    return chain;
  }

  @FieldResolver(() => [ReportType], {
    complexity: listOf((o) => ORGANS_PER_JURISDICTION * (typeof o.args.year === 'number' ? 1 : REPORT_YEARS)),
    description: 'Current reports (latest revisions) published by organs of this jurisdiction, newest year first.',
  })
  async reports(
    @Root() j: JurisdictionType,
    @Arg('year', () => Int, { nullable: true, description: 'Only reports on this year.' }) year: number | undefined,
    @Ctx() ctx: Context,
  ) {
    if (year !== undefined && year !== null) checkYear(year);
    return ctx.loaders.reportsOf.load(year === undefined || year === null ? j.code : `${j.code}:${year}`);
  }
}
