import { Field, Int, ObjectType } from 'type-graphql';
import { listOf, PROVINCES, REPORT_KINDS } from '../http/query-cost';
import { FORMAT_VERSIONS } from './report-terms';
import { JurisdictionLevelEnum } from '../jurisdictions/jurisdiction.type';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import { FormatVersionEnum, OrganKindEnum, ReportScopeEnum } from './report.type';

@ObjectType('ReportKindCount', { simpleResolvers: true, description: 'Current reports of one kind (scope and organ kind).' })
export class ReportKindCountType {
  @Field(() => ReportScopeEnum, { description: 'OWN or SUMMARY.' })
  scope: string;

  @Field(() => OrganKindEnum, { description: 'GOVERNMENT or DEPARTMENT.' })
  organKind: string;

  @Field(() => Int, { description: 'Current reports.' })
  reports: number;
}

@ObjectType('FormatCount', { simpleResolvers: true, description: 'Current reports following one format version.' })
export class FormatCountType {
  @Field(() => FormatVersionEnum, { nullable: true, description: 'The format version; null for reports without tables to tell.' })
  formatVersion: string | null;

  @Field(() => Int, { description: 'Current reports.' })
  reports: number;
}

@ObjectType('LevelCount', { simpleResolvers: true, description: 'Jurisdictions of one level with at least one current report.' })
export class LevelCountType {
  @Field(() => JurisdictionLevelEnum, { description: 'The level.' })
  level: JurisdictionLevel;

  @Field(() => Int, { description: 'Jurisdictions of the level with data.' })
  jurisdictions: number;
}

@ObjectType('ProvinceInventory', { simpleResolvers: true, description: "The current reports of one province's jurisdictions in a year." })
export class ProvinceInventoryType {
  /** Resolved by `province`. */
  code: string;

  @Field(() => Int, { description: 'Current reports of the province and everything below it.' })
  reports: number;

  @Field(() => Int, { description: 'Its jurisdictions (itself included) with at least one current report.' })
  jurisdictions: number;

  @Field(() => Int, { description: 'Of the reports, SUMMARY reports.' })
  summaries: number;

  @Field(() => Int, { description: "Of the reports, governments' OWN reports." })
  governmentOwn: number;
}

@ObjectType('YearInventory', {
  simpleResolvers: true,
  description: 'What data exists for one report year: current reports (latest revisions) by kind, format and place.',
})
export class YearInventoryType {
  @Field(() => Int, { description: 'The year reported on.' })
  year: number;

  @Field(() => Int, { description: 'Current reports on the year.' })
  reports: number;

  @Field(() => [ReportKindCountType], { complexity: listOf(() => REPORT_KINDS), description: 'By scope and organ kind.' })
  byKind: ReportKindCountType[];

  @Field(() => [FormatCountType], { complexity: listOf(() => FORMAT_VERSIONS.length), description: 'By format version.' })
  byFormat: FormatCountType[];

  @Field(() => [LevelCountType], { complexity: listOf(() => 3), description: 'Jurisdictions with at least one current report, by level.' })
  byLevel: LevelCountType[];

  @Field(() => [ProvinceInventoryType], { complexity: listOf(() => PROVINCES), description: 'Per province with data, in code order.' })
  provinces: ProvinceInventoryType[];
}

@ObjectType('Availability', {
  simpleResolvers: true,
  description: "A jurisdiction's current reports of one year by kind, and those of the jurisdictions below it.",
})
export class AvailabilityType {
  @Field(() => Int, { description: 'The year reported on.' })
  year: number;

  @Field(() => Int, { description: "Its government's OWN reports (what measure OWN answers from)." })
  governmentOwn: number;

  @Field(() => Int, { description: "Its departments' OWN reports (added by ROLLUP and BEST; they alone do not make it reported)." })
  departmentOwn: number;

  @Field(() => Int, { description: 'Its SUMMARY reports (what REPORTED answers from, and BEST where they exist).' })
  summary: number;

  @Field(() => Int, { description: 'Current reports of the jurisdictions below it.' })
  below: number;
}
