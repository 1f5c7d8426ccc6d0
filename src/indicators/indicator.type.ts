import { Field, ID, ObjectType } from 'type-graphql';
import { CATALOG_FORMATS } from '../reports/report-terms';

@ObjectType('Indicator', {
  simpleResolvers: true,
  description:
    'One statistic of the national report format: a table cell, a figure stated in prose (section 六 fees), or a derived subtotal or ratio.',
})
export class IndicatorType {
  @Field(() => ID, { description: 'Stable catalog code, e.g. "applications.new.total".' })
  code: string;

  @Field({ description: 'Chinese label: the row label, and the column label where the row has several columns.' })
  labelZh: string;

  @Field({ description: 'English label.' })
  labelEn: string;

  @Field({
    description:
      'Row label as printed in the format, e.g. "一、本年新收政府信息公开申请数量"; for a derived ratio, its name (e.g. "公开率（…）").',
  })
  rowLabelZh: string;

  @Field(() => String, {
    nullable: true,
    description: 'Column label as printed in the format, e.g. "自然人"; null for single-column rows.',
  })
  columnLabelZh: string | null;

  @Field({ description: 'Unit: 件, 项, 元, 万元, or "ratio" for derived rates.' })
  unit: string;

  @Field({ description: 'Table of the format it belongs to, e.g. "3 applications", "6 other (fees)", "derived".' })
  table: string;

  @Field(() => String, { nullable: true, description: 'Legal clause of the table section, e.g. "第二十条第（一）项".' })
  clause: string | null;

  @Field({ description: 'flow (happens during the year), stock_start / stock_end (a level at 1 Jan / 31 Dec), change (signed), or ratio.' })
  kind: string;

  @Field({ description: 'How values combine across jurisdictions: "sum", or "derived" (recomputed from aggregated parts).' })
  spaceAggregation: string;

  @Field({ description: 'How values combine across years: "sum", "first", "last", or "derived".' })
  timeAggregation: string;

  @Field(() => [String], {
    complexity: CATALOG_FORMATS.length,
    description: 'Format versions that carry the indicator: "2019" and/or "2021".',
  })
  formatVersions: string[];

  @Field(() => String, {
    nullable: true,
    description: 'For derived indicators, the formula over other codes, e.g. "outcome.disclosed.total / outcome.total.total".',
  })
  formula: string | null;
}
