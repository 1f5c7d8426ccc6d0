import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../pagination';
import type { JurisdictionLevel } from './jurisdiction.entity';

export const JurisdictionLevelEnum = { PROVINCE: 'PROVINCE', PREFECTURE: 'PREFECTURE', COUNTY: 'COUNTY' } as const;
registerEnumType(JurisdictionLevelEnum, {
  name: 'JurisdictionLevel',
  description: 'Level of an administrative division in GB/T 2260.',
  valuesConfig: {
    PROVINCE: { description: '省级: province, autonomous region, municipality (直辖市) or SAR.' },
    PREFECTURE: { description: '地级: prefecture-level city, prefecture, league or autonomous prefecture.' },
    COUNTY: { description: '县级: county, district, county-level city or banner (a municipality\'s districts and 省直辖县级 units sit directly under their province).' },
  },
});

@ObjectType('Jurisdiction', { description: 'An administrative division (行政区划) identified by its six-digit GB/T 2260 code.' })
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

@ObjectType({ description: 'One jurisdiction of a connection, with its cursor.' })
export class JurisdictionEdge {
  @Field({ description: 'Opaque cursor of this item; pass as `after` to continue after it.' })
  cursor: string;

  @Field(() => JurisdictionType, { description: 'The jurisdiction.' })
  node: JurisdictionType;
}

@ObjectType({ description: 'A page of jurisdictions, ordered by code.' })
export class JurisdictionConnection {
  @Field(() => [JurisdictionEdge], { description: 'The jurisdictions of this page.' })
  edges: JurisdictionEdge[];

  @Field(() => PageInfo, { description: 'Whether more pages follow, and where.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Number of jurisdictions matching the filter, over all pages.' })
  totalCount: number;
}
