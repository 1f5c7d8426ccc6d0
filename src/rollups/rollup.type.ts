import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IndicatorType } from '../indicators/indicator.type';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import type { Cell } from './cells.computation';
import { JurisdictionLevelEnum, JurisdictionType } from '../jurisdictions/jurisdiction.type';
import { OrganType } from '../organs/organ.type';

export const MeasureEnum = { OWN: 'OWN', REPORTED: 'REPORTED', ROLLUP: 'ROLLUP', BEST: 'BEST' } as const;
registerEnumType(MeasureEnum, {
  name: 'Measure',
  description: 'Which figure of a jurisdiction a cell holds.',
  valuesConfig: {
    OWN: { description: "The value in the jurisdiction's government's OWN report." },
    REPORTED: { description: "The value in the jurisdiction's SUMMARY (全市/全区) report." },
    ROLLUP: { description: 'The sum over the OWN reports of every organ in the subtree (the jurisdiction, its departments and everything below), by each indicator\'s rule.' },
    BEST: {
      description:
        "The best-available total: the jurisdiction's SUMMARY report where it published one; otherwise its organs' OWN reports plus the best-available totals of its children, recursively — never a summary and the reports it summarises together. `composition` says which parts came from summaries and which from OWN reports.",
    },
  },
});

export const ReportIssueEnum = { FAILED_CHECKS: 'FAILED_CHECKS', MISSING_PARTS: 'MISSING_PARTS' } as const;
registerEnumType(ReportIssueEnum, {
  name: 'ReportIssue',
  description: 'A reason to leave a report out of a cell (argument `exclude`), judged on the cell\'s own parts.',
  valuesConfig: {
    FAILED_CHECKS: { description: 'The report fails an accounting identity (I1–I5) that reads one of the cell\'s parts.' },
    MISSING_PARTS: { description: 'The report declares one of the cell\'s parts missing (cut off, stripped, unreadable).' },
  },
});

export const CoverageKindEnum = { GOVERNMENT_OWN: 'GOVERNMENT_OWN', SUMMARY: 'SUMMARY', DEPARTMENTS_ONLY: 'DEPARTMENTS_ONLY', NONE: 'NONE' } as const;
registerEnumType(CoverageKindEnum, {
  name: 'CoverageKind',
  description: 'The kind of report that covers a jurisdiction in a year.',
  valuesConfig: {
    GOVERNMENT_OWN: { description: "The government's own (OWN) report: the jurisdiction is reported for ROLLUP and BEST." },
    SUMMARY: { description: 'A SUMMARY report of the jurisdiction, or for BEST of a jurisdiction above it within the subtree: reported for BEST, not for ROLLUP (which adds OWN reports only).' },
    DEPARTMENTS_ONLY: { description: 'Only departments reported: their figures are added, but the jurisdiction is not reported (its government\'s own work is missing).' },
    NONE: { description: 'No report.' },
  },
});

export const CellStatusEnum = { VALUE: 'VALUE', BLANK: 'BLANK', NOT_APPLICABLE: 'NOT_APPLICABLE', MISSING: 'MISSING' } as const;
registerEnumType(CellStatusEnum, {
  name: 'CellStatus',
  description: 'Whether a cell holds a number. A blank or missing cell is never 0.',
  valuesConfig: {
    VALUE: { description: 'A number.' },
    BLANK: { description: 'The report(s) printed the cell empty or as a placeholder.' },
    NOT_APPLICABLE: { description: 'The value does not apply, e.g. a ratio with a zero denominator (see `reason`).' },
    MISSING: { description: 'No report gives it.' },
  },
});

export const SortOrderEnum = { ASC: 'ASC', DESC: 'DESC' } as const;
registerEnumType(SortOrderEnum, {
  name: 'SortOrder',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } },
});

@InputType({
  description:
    'Which jurisdictions: the fields given combine as "and", e.g. { childrenOf: "440000" } or { descendantsOf: "440000", level: COUNTY }. Or, alone, the organs of one jurisdiction: { organsOf: "350128" }.',
})
export class JurisdictionSelector {
  @Field(() => [ID], { nullable: true, description: 'These codes.' })
  codes?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The direct children of this code.' })
  childrenOf?: string | null;

  @Field(() => ID, { nullable: true, description: 'Everything below this code (not the code itself).' })
  descendantsOf?: string | null;

  @Field(() => JurisdictionLevelEnum, { nullable: true, description: 'Only this level.' })
  level?: JurisdictionLevel | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The organs of this jurisdiction itself (its government, departments, 片区管理局 …, not the jurisdictions below) instead of jurisdictions: one row per organ with an OWN report in the years asked for or next to them (an organ that skipped a year shows it MISSING), each answered from its own current OWN reports (`Cell.organ` says which). Measures OWN and ROLLUP give the same per organ; REPORTED (a jurisdiction's SUMMARY) is refused. Not combined with the other fields.",
  })
  organsOf?: string | null;
}

@InputType({ description: 'An inclusive range of report years.' })
export class YearRange {
  @Field(() => Int, { description: 'First year.' })
  from: number;

  @Field(() => Int, { description: 'Last year (inclusive).' })
  to: number;
}

@ObjectType('CoverageByKind', { simpleResolvers: true, description: 'Expected jurisdictions counted by the kind of report that covers them.' })
export class CoverageByKindType {
  @Field(() => Int, { description: "By the government's own report." })
  governmentOwn: number;

  @Field(() => Int, { description: 'By a SUMMARY report (for BEST: their own or one above them within the subtree).' })
  summary: number;

  @Field(() => Int, { description: 'By departments only: not reported.' })
  departmentsOnly: number;

  @Field(() => Int, { description: 'By nothing.' })
  none: number;
}

@ObjectType('CoverageGap', { simpleResolvers: true, description: 'An expected jurisdiction that is not covered, and what it has instead.' })
export class CoverageGapType {
  /** Resolved by `jurisdiction`. */
  code: string;

  @Field(() => CoverageKindEnum, { description: 'SUMMARY (for ROLLUP: a summary only, not added), DEPARTMENTS_ONLY or NONE.' })
  kind: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Which jurisdictions of a subtree a roll-up (ROLLUP or BEST) covers for the cell's year(s), by the kind of report that covers each: for ROLLUP the government's OWN report; for BEST also a SUMMARY report, which covers its jurisdiction's whole subtree. A department's report alone never makes its jurisdiction reported. Functional zones (开发区, 高新区 …) are not expected unless `includeFunctionalZones`.",
})
export class CoverageType {
  @Field(() => Int, { description: 'Jurisdictions expected: the subtree (the jurisdiction itself included), functional zones left out unless asked for.' })
  expected: number;

  @Field(() => Int, { description: 'Expected jurisdictions covered (every year, for aggregated years).' })
  reported: number;

  @Field({ description: 'True only when nothing is missing: every expected jurisdiction covered, no organ whose reports are added missing, no report behind the value declaring a part of it missing, and the value not MISSING.' })
  complete: boolean;

  @Field(() => CoverageByKindType, { description: 'Expected jurisdictions by the kind of report covering them.' })
  byKind: CoverageByKindType;

  @Field(() => [CoverageGapType], { description: 'The expected jurisdictions not covered, each with the kind of report it has.' })
  gaps: CoverageGapType[];

  @Field(() => Int, { description: 'Functional zones of the subtree left out of `expected` (0 with includeFunctionalZones).' })
  functionalZonesLeftOut: number;

  @Field(() => Int, { description: 'Reports behind the value that declare a part of it missing.' })
  reportsDeclaringMissing: number;

  @Field(() => Int, {
    description: 'Organs whose OWN reports the value adds (for BEST, those of jurisdictions no summary used covers) that report the year before or after but not this year (`organs` lists them for ROLLUP).',
  })
  organsMissing: number;

  @Field(() => String, { nullable: true, description: 'Why the cell is not complete; null when it is.' })
  reason: string | null;

  /** Codes and kinds; `missing` resolves them to jurisdictions. */
  missing: { code: string; kind: string }[];

  /** The cell, for the organs' coverage (resolved on demand). */
  cell: Cell;
}

@ObjectType('Composition', {
  simpleResolvers: true,
  description:
    'What a roll-up is made of (ROLLUP and BEST): the SUMMARY reports that answer for their jurisdictions\' whole subtrees, and the jurisdictions whose organs\' OWN reports are added. For aggregated years, over all of them.',
})
export class CompositionType {
  @Field(() => Int, { description: 'SUMMARY reports used (always 0 for ROLLUP).' })
  summaryReports: number;

  @Field(() => Int, { description: 'OWN reports added.' })
  ownReports: number;

  @Field({ description: 'In words, per year, e.g. "2019: the SUMMARY report of 平潭县 (350128)".' })
  description: string;

  /** Report ids and codes, resolved by the fields of CompositionResolver. */
  summaryIds: number[];
  summaryCodes: string[];
  ownCodes: string[];
}

@ObjectType('CellCheck', { simpleResolvers: true, description: 'An accounting identity that fails in a report behind a cell, on one of the cell\'s parts.' })
export class CellCheckType {
  @Field({ description: 'I1 column balance, I2 row total, I3 outcome sum, I4 review/litigation total, I5 上年结转 against the year before.' })
  identity: string;

  @Field({ description: 'The column (I1, I3, I5), row (I2) or group (I4) checked.' })
  scope: string;

  @Field({ description: 'The identity in words.' })
  description: string;

  @Field(() => Float, { nullable: true, description: 'Left-hand side as printed.' })
  lhs: number | null;

  @Field(() => Float, { nullable: true, description: 'Right-hand side as printed.' })
  rhs: number | null;

  /** Resolved by `report` and `otherReport`. */
  reportId: number;
  otherReportId: number | null;
}

@ObjectType('CellMissingPart', { simpleResolvers: true, description: 'A part of the format a report behind a cell declared missing, holding one of the cell\'s parts.' })
export class CellMissingPartType {
  @Field({ description: 'The part, e.g. "table3" or "table2:规范性文件".' })
  part: string;

  @Field({ description: 'Why it is missing.' })
  reason: string;

  @Field(() => [String], { description: 'Indicator codes left without a value by it.' })
  indicators: string[];

  /** Resolved by `report`. */
  reportId: number;
}

@ObjectType('CellQuality', {
  simpleResolvers: true,
  description:
    'Whether the reports behind a cell pass the identities that read its parts (I1–I4 within a report, I5 against the organ\'s report of the year before), and which of its parts they declare missing.',
})
export class QualityType {
  @Field(() => Int, { description: 'Reports behind the value.' })
  reports: number;

  @Field(() => Int, { description: 'Of them, reports failing an identity on the cell\'s parts.' })
  reportsWithFailures: number;

  @Field(() => Int, { description: 'Reports left out by the request\'s `exclude` (0 without it).' })
  reportsLeftOut: number;

  @Field({ description: 'True when no report behind the value fails an identity on its parts or declares one of them missing.' })
  sound: boolean;

  @Field(() => [CellCheckType], { description: 'The failing checks, report by report.' })
  failedChecks: CellCheckType[];

  @Field(() => [CellMissingPartType], { description: 'The parts declared missing, report by report.' })
  missingParts: CellMissingPartType[];
}

@ObjectType({ simpleResolvers: true, description: 'A SUMMARY report against the roll-up of the subtree.' })
export class ReconciliationType {
  @Field(() => Float, { description: 'Value in the SUMMARY report.' })
  reported: number;

  @Field(() => Float, { description: 'Roll-up of the OWN reports.' })
  rollup: number;

  @Field(() => Float, { description: 'reported − rollup.' })
  difference: number;
}

@ObjectType({ simpleResolvers: true, description: 'Change from the previous year.' })
export class YearOverYearType {
  @Field(() => Float, { nullable: true, description: "Previous year's value." })
  previous: number | null;

  @Field(() => Float, { nullable: true, description: 'This year − previous year; null with a reason when not comparable.' })
  absolute: number | null;

  @Field(() => Float, { nullable: true, description: 'Change in percent of the previous year; null with a reason when not comparable or the previous year is 0.' })
  percent: number | null;

  @Field(() => String, { nullable: true, description: 'Why a change is missing: a year without report, a blank, a 0 base, or an indicator not carried by both years\' format versions.' })
  reason: string | null;
}

@ObjectType('Cell', { simpleResolvers: true, description: 'One jurisdiction × indicator × year (or year range) value, with how it was made.' })
export class CellType {
  /** The codes of `jurisdiction` and `indicator`, for the lazily computed fields. */
  jurisdictionCode: string;
  indicatorCode: string;

  @Field(() => JurisdictionType, { description: 'The jurisdiction.' })
  jurisdiction: JurisdictionType;

  @Field(() => IndicatorType, { description: 'The indicator.' })
  indicator: IndicatorType;

  @Field(() => OrganType, { nullable: true, description: 'The organ, for the cells of `organsOf` and `Organ.series` (its jurisdiction is `jurisdiction`); null for a jurisdiction\'s cells.' })
  organ: OrganType | null;

  @Field(() => Int, { nullable: true, description: 'The year; null when the years were aggregated (see from/to).' })
  year: number | null;

  @Field(() => Int, { description: 'First year of the range asked for.' })
  from: number;

  @Field(() => Int, { description: 'Last year of the range asked for.' })
  to: number;

  @Field(() => MeasureEnum, { description: 'OWN, REPORTED, ROLLUP or BEST.' })
  measure: string;

  @Field(() => Float, { nullable: true, description: 'The number; null unless status is VALUE (and for a ratio with a zero denominator).' })
  value: number | null;

  @Field(() => CellStatusEnum, { description: 'VALUE, or why there is no number.' })
  status: string;

  /** The aggregation's own reason; the `reason` field (CellResolver) completes it for every non-VALUE cell. */
  reason?: string;

  @Field(() => YearOverYearType, { nullable: true, description: 'Change from the previous year; null for aggregated years.' })
  yoy: YearOverYearType | null;
}

@ObjectType('Series', { simpleResolvers: true, description: 'One indicator of one jurisdiction over years.' })
export class SeriesType {
  @Field(() => IndicatorType, { description: 'The indicator.' })
  indicator: IndicatorType;

  @Field(() => MeasureEnum, { description: 'OWN, REPORTED or ROLLUP.' })
  measure: string;

  @Field(() => [CellType], { description: 'One cell per year, oldest first.' })
  cells: CellType[];
}

@ObjectType({ simpleResolvers: true, description: 'A jurisdiction (or organ, with `organsOf`) in a ranking.' })
export class RankingEntryType {
  @Field(() => Int, { description: 'Rank; ties share a rank and the next rank skips (1, 2, 2, 4).' })
  rank: number;

  @Field(() => Float, { description: 'Share of the ranked jurisdictions this one equals or beats, in percent (the first is 100).' })
  percentile: number;

  @Field(() => Float, { description: 'The value ranked.' })
  value: number;

  @Field(() => CellType, { description: 'The cell, with coverage, sources and the rest.' })
  cell: CellType;
}

@ObjectType({ simpleResolvers: true, description: 'A jurisdiction (or organ) left out of a ranking, and why.' })
export class UnrankedEntryType {
  @Field(() => CellStatusEnum, { description: 'Status of its cell.' })
  status: string;

  @Field(() => String, { description: 'Why it has no value.' })
  reason: string;

  @Field(() => CellType, { description: 'The cell.' })
  cell: CellType;
}

@ObjectType('Ranking', { simpleResolvers: true, description: 'Jurisdictions (or the organs of one, with `organsOf`) ranked by one indicator in one year.' })
export class RankingType {
  @Field(() => Int, { description: 'Jurisdictions with a value (ranked), over all of them, not only the first N returned.' })
  rankedCount: number;

  @Field(() => [RankingEntryType], { description: 'The first N ranked entries.' })
  entries: RankingEntryType[];

  @Field(() => [UnrankedEntryType], { description: 'Every jurisdiction of the selection without a value, and why.' })
  unranked: UnrankedEntryType[];
}

@ObjectType('Matrix', {
  simpleResolvers: true,
  description:
    'A jurisdictions × indicators × years block in flat arrays, cheap to serialise. The value of jurisdiction j, indicator i, year y is at index (j × indicatorCount + i) × yearCount + y (0-based positions in the axis lists).',
})
export class MatrixType {
  @Field(() => [JurisdictionType], { description: 'First axis; with `organsOf`, the jurisdiction of each organ of `organs`.' })
  jurisdictions: JurisdictionType[];

  @Field(() => [OrganType], { nullable: true, description: 'First axis with `organsOf`: the organs, in the order of the values; null for jurisdictions.' })
  organs: OrganType[] | null;

  @Field(() => [IndicatorType], { description: 'Second axis.' })
  indicators: IndicatorType[];

  @Field(() => [Int], { description: 'Third axis (a single entry, the last year, when years were aggregated).' })
  years: number[];

  @Field(() => MeasureEnum, { description: 'OWN, REPORTED or ROLLUP.' })
  measure: string;

  @Field(() => [Float], { nullable: 'items', description: 'Values, null where there is no number.' })
  values: (number | null)[];

  @Field(() => [CellStatusEnum], { description: 'Statuses, same order as values.' })
  statuses: string[];

  /** The cells behind the arrays, for the arrays computed on demand (MatrixResolver). */
  cells: Cell[];
}

@ObjectType('MatrixCoverage', { simpleResolvers: true, description: 'Coverage of a matrix\'s cells in flat arrays, same order as `values`; null entries where a cell has no coverage (OWN, REPORTED, organs).' })
export class MatrixCoverageType {
  @Field(() => [Int], { nullable: 'items', description: 'Jurisdictions expected per cell.' })
  expected: (number | null)[];

  @Field(() => [Int], { nullable: 'items', description: 'Jurisdictions covered per cell.' })
  reported: (number | null)[];

  @Field(() => [Boolean], { nullable: 'items', description: 'Whether nothing of the cell is missing.' })
  complete: (boolean | null)[];
}

@ObjectType('MatrixQuality', { simpleResolvers: true, description: 'Quality of a matrix\'s cells in flat arrays, same order as `values`.' })
export class MatrixQualityType {
  @Field(() => [Int], { description: 'Reports behind each cell.' })
  reports: number[];

  @Field(() => [Int], { description: 'Of them, reports failing an identity on the cell\'s parts.' })
  reportsWithFailures: number[];

  @Field(() => [Int], { description: 'Failing checks on the cell\'s parts.' })
  failedChecks: number[];

  @Field(() => [Int], { description: 'Parts of the cell declared missing by the reports behind it.' })
  missingParts: number[];
}
