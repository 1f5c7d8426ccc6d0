import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { FormatVersionEnum } from '../reports/report.type';
import { BadUserInputError } from '../errors';
import { listOf } from '../http/query-cost';
import { IndicatorType } from './indicator.type';

@ArgsType()
class IndicatorsArgs {
  @Field({
    nullable: true,
    description:
      'Text in the code or the labels: part of a Chinese label or a whole printed row name with its numbering and spaces ("（三）不予公开 6．属于四类过程性信息"), in simplified or traditional characters ("過程性"), or English words in any order ("withheld process").',
  })
  search?: string;

  @Field({ nullable: true, description: 'Table number or name prefix: "2", "3", "4", "6" or "derived".' })
  table?: string;

  @Field(() => FormatVersionEnum, { nullable: true, description: 'Only indicators carried by this format version.' })
  formatVersion?: string;
}

const CODE = /^[a-z_]+(\.[a-z0-9_]+)+$/;

@Resolver(() => IndicatorType)
export class IndicatorResolver {
  @Query(() => IndicatorType, { nullable: true, description: 'One indicator by its catalog code; null when no such code exists.' })
  async indicator(
    @Arg('code', () => ID, { description: 'Catalog code, e.g. "outcome.withheld.process_info.total".' }) code: string,
    @Ctx() ctx: Context,
  ) {
    if (!CODE.test(code)) {
      throw new BadUserInputError(
        `code must be a dotted catalog code such as "applications.new.total", got "${code}". The \`indicators\` query lists them all.`,
        { argument: 'code' },
      );
    }
    return ctx.loaders.indicator.load(code);
  }

  @Query(() => [IndicatorType], {
    complexity: listOf((o) => o.reference.indicatorCount),
    description: 'The indicator catalog in the order of the printed tables, filtered by all the arguments given.',
  })
  async indicators(@Args() args: IndicatorsArgs, @Ctx() ctx: Context) {
    return ctx.services.indicators.list(args);
  }
}
