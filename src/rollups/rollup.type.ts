import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IndicatorType } from '../indicators/indicator.type';
import { rollupCosts } from './rollup.costs';
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
    ROLLUP: {
      description:
        "The sum over the OWN reports of every organ in the subtree (the jurisdiction, its departments and everything below), by each indicator's rule.",
    },
    BEST: {
      description:
        "The best-available total: the jurisdiction's SUMMARY report where it published one; otherwise its organs' OWN reports plus the best-available totals of its children, recursively — never a summary and the reports it summarises together. `composition` says which parts came from summaries and which from OWN reports.",
    },
  },
});

export const ReportIssueEnum = { FAILED_CHECKS: 'FAILED_CHECKS', MISSING_PARTS: 'MISSING_PARTS' } as const;
registerEnumType(ReportIssueEnum, {
  name: 'ReportIssue',
  description: "A reason to leave a report out of a cell (argument `exclude`), judged on the cell's own parts.",
  valuesConfig: {
    FAILED_CHECKS: { description: "The report fails an accounting identity (I1–I5) that reads one of the cell's parts." },
    MISSING_PARTS: { description: "The report declares one of the cell's parts missing (cut off, stripped, unreadable)." },
  },
});

export const CoverageKindEnum = {
  GOVERNMENT_OWN: 'GOVERNMENT_OWN',
  SUMMARY: 'SUMMARY',
  DEPARTMENTS_ONLY: 'DEPARTMENTS_ONLY',
  NONE: 'NONE',
} as const;
registerEnumType(CoverageKindEnum, {
  name: 'CoverageKind',
  description: 'The kind of report that covers a jurisdiction in a year.',
  valuesConfig: {
    GOVERNMENT_OWN: { description: "The government's own (OWN) report: the jurisdiction is reported for ROLLUP and BEST." },
    SUMMARY: {
      description:
        'A SUMMARY report of the jurisdiction, or for BEST of a jurisdiction above it within the subtree: reported for BEST, not for ROLLUP (which adds OWN reports only).',
    },
    DEPARTMENTS_ONLY: {
      description:
        "Only departments reported: their figures are added, but the jurisdiction is not reported (its government's own work is missing).",
    },
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

  @Field(() => Float, {
    nullable: true,
    description: 'Change in percent of the previous year; null with a reason when not comparable or the previous year is 0.',
  })
  percent: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why a change is missing: a year without report, a blank, a 0 base, or an indicator not carried by both years' format versions.",
  })
  reason: string | null;
}

@ObjectType('Cell', {
  simpleResolvers: true,
  description: 'One jurisdiction × indicator × year (or year range) value, with how it was made.',
})
export class CellType {
  /** The codes of `jurisdiction` and `indicator`, for the lazily computed fields. */
  jurisdictionCode: string;
  indicatorCode: string;

  @Field(() => JurisdictionType, { description: 'The jurisdiction.' })
  jurisdiction: JurisdictionType;

  @Field(() => IndicatorType, { description: 'The indicator.' })
  indicator: IndicatorType;

  @Field(() => OrganType, {
    nullable: true,
    description:
      "The organ, for the cells of `organsOf` and `Organ.series` (its jurisdiction is `jurisdiction`); null for a jurisdiction's cells.",
  })
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

  @Field(() => [CellType], { complexity: rollupCosts.seriesCells, description: 'One cell per year, oldest first.' })
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

@ObjectType('Ranking', {
  simpleResolvers: true,
  description: 'Jurisdictions (or the organs of one, with `organsOf`) ranked by one indicator in one year.',
})
export class RankingType {
  @Field(() => Int, { description: 'Jurisdictions with a value (ranked), over all of them, not only the first N returned.' })
  rankedCount: number;

  @Field(() => [RankingEntryType], { complexity: rollupCosts.rankingEntries, description: 'The first N ranked entries.' })
  entries: RankingEntryType[];

  @Field(() => [UnrankedEntryType], {
    complexity: rollupCosts.rankingUnranked,
    description: 'Every jurisdiction of the selection without a value, and why.',
  })
  unranked: UnrankedEntryType[];
}

@ObjectType('Matrix', {
  simpleResolvers: true,
  description:
    'A jurisdictions × indicators × years block in flat arrays, cheap to serialise. The value of jurisdiction j, indicator i, year y is at index (j × indicatorCount + i) × yearCount + y (0-based positions in the axis lists).',
})
export class MatrixType {
  @Field(() => [JurisdictionType], {
    complexity: rollupCosts.matrixJurisdictions,
    description: 'First axis; with `organsOf`, the jurisdiction of each organ of `organs`.',
  })
  jurisdictions: JurisdictionType[];

  @Field(() => [OrganType], {
    nullable: true,
    complexity: rollupCosts.matrixJurisdictions,
    description: 'First axis with `organsOf`: the organs, in the order of the values; null for jurisdictions.',
  })
  organs: OrganType[] | null;

  @Field(() => [IndicatorType], { complexity: rollupCosts.matrixIndicators, description: 'Second axis.' })
  indicators: IndicatorType[];

  @Field(() => [Int], {
    complexity: rollupCosts.matrixYears,
    description: 'Third axis (a single entry, the last year, when years were aggregated).',
  })
  years: number[];

  @Field(() => MeasureEnum, { description: 'OWN, REPORTED or ROLLUP.' })
  measure: string;

  @Field(() => [Float], { nullable: 'items', complexity: rollupCosts.matrixValues, description: 'Values, null where there is no number.' })
  values: (number | null)[];

  @Field(() => [CellStatusEnum], { complexity: rollupCosts.matrixValues, description: 'Statuses, same order as values.' })
  statuses: string[];

  /** The cells behind the arrays, for the arrays computed on demand (MatrixResolver). */
  cells: Cell[];
}
