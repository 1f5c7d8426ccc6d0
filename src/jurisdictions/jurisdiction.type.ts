import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { CostOptions } from '../http/query-cost';
import { connectionType, pageSize } from '../pagination';
import type { JurisdictionLevel } from './jurisdiction.entity';

export const JurisdictionLevelEnum = { PROVINCE: 'PROVINCE', PREFECTURE: 'PREFECTURE', COUNTY: 'COUNTY' } as const;
registerEnumType(JurisdictionLevelEnum, {
  name: 'JurisdictionLevel',
  description: 'Level of an administrative division in GB/T 2260.',
  valuesConfig: {
    PROVINCE: { description: '省级: province, autonomous region, municipality (直辖市) or SAR.' },
    PREFECTURE: { description: '地级: prefecture-level city, prefecture, league or autonomous prefecture.' },
    COUNTY: {
      description:
        "县级: county, district, county-level city or banner (a municipality's districts and 省直辖县级 units sit directly under their province).",
    },
  },
});

@ObjectType('Jurisdiction', {
  simpleResolvers: true,
  description: 'An administrative division (行政区划) identified by its six-digit GB/T 2260 code.',
})
export class JurisdictionType {
  @Field(() => ID, { description: 'Six-digit GB/T 2260 code, e.g. "440300" for 深圳市.' })
  code: string;

  @Field({ description: 'Official Chinese name, e.g. "深圳市".' })
  name: string;

  @Field(() => JurisdictionLevelEnum, { description: 'Level in the hierarchy.' })
  level: JurisdictionLevel;

  /** Not exposed directly: the `parent` field resolves it. */
  parentCode: string | null;
}

/**
 * A page of jurisdictions: its `first`, or fewer when the codes, the parent's children or the level hold fewer (the arguments of the field
 * that returns the page).
 */
function jurisdictionPageSize(o: CostOptions): number {
  const args = o.ancestors.at(-1)?.args ?? {};
  const { hierarchy } = o.reference;
  const sizes = [pageSize(o)];
  if (Array.isArray(args.codes)) sizes.push(args.codes.length);
  if (typeof args.parent === 'string') sizes.push(hierarchy.children(args.parent).length);
  if (typeof args.level === 'string') sizes.push(hierarchy.levelSize(args.level as JurisdictionLevel));
  return Math.min(...sizes);
}

export const JurisdictionConnection = connectionType(
  JurisdictionType,
  { type: 'Jurisdiction', noun: 'jurisdiction', nouns: 'jurisdictions', order: 'code' },
  jurisdictionPageSize,
);
