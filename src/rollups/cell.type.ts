import { Field, Float, Int, ObjectType } from 'type-graphql';
import { listOf, MISSING_PART_CODES } from '../http/query-cost';
import { rollupCosts } from './rollup.costs';
import type { Cell } from './cells.computation';
import { CoverageKindEnum } from './rollup.type';

/** The types of what a cell says about itself beyond its value: coverage, composition and quality (resolved in cell.resolver.ts). */

@ObjectType('CoverageByKind', {
  simpleResolvers: true,
  description: 'Expected jurisdictions counted by the kind of report that covers them.',
})
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
  @Field(() => Int, {
    description: 'Jurisdictions expected: the subtree (the jurisdiction itself included), functional zones left out unless asked for.',
  })
  expected: number;

  @Field(() => Int, { description: 'Expected jurisdictions covered (every year, for aggregated years).' })
  reported: number;

  @Field({
    description:
      'True only when nothing is missing: every expected jurisdiction covered, no organ whose reports are added missing, no report behind the value declaring a part of it missing, and the value not MISSING.',
  })
  complete: boolean;

  @Field(() => CoverageByKindType, { description: 'Expected jurisdictions by the kind of report covering them.' })
  byKind: CoverageByKindType;

  @Field(() => [CoverageGapType], {
    complexity: rollupCosts.coverageMissing,
    description: 'The expected jurisdictions not covered, each with the kind of report it has.',
  })
  gaps: CoverageGapType[];

  @Field(() => Int, { description: 'Functional zones of the subtree left out of `expected` (0 with includeFunctionalZones).' })
  functionalZonesLeftOut: number;

  @Field(() => Int, { description: 'Reports behind the value that declare a part of it missing.' })
  reportsDeclaringMissing: number;

  @Field(() => Int, {
    description:
      'Organs whose OWN reports the value adds (for BEST, those of jurisdictions no summary used covers) that report the year before or after but not this year (`organs` lists them for ROLLUP).',
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
    "What a roll-up is made of (ROLLUP and BEST): the SUMMARY reports that answer for their jurisdictions' whole subtrees, and the jurisdictions whose organs' OWN reports are added. For aggregated years, over all of them.",
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

@ObjectType('CellCheck', {
  simpleResolvers: true,
  description: "An accounting identity that fails in a report behind a cell, on one of the cell's parts.",
})
export class CellCheckType {
  @Field({
    description: 'I1 column balance, I2 row total, I3 outcome sum, I4 review/litigation total, I5 上年结转 against the year before.',
  })
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

@ObjectType('CellMissingPart', {
  simpleResolvers: true,
  description: "A part of the format a report behind a cell declared missing, holding one of the cell's parts.",
})
export class CellMissingPartType {
  @Field({ description: 'The part, e.g. "table3" or "table2:规范性文件".' })
  part: string;

  @Field({ description: 'Why it is missing.' })
  reason: string;

  @Field(() => [String], { complexity: listOf(() => MISSING_PART_CODES), description: 'Indicator codes left without a value by it.' })
  indicators: string[];

  /** Resolved by `report`. */
  reportId: number;
}

@ObjectType('CellQuality', {
  simpleResolvers: true,
  description:
    "Whether the reports behind a cell pass the identities that read its parts (I1–I4 within a report, I5 against the organ's report of the year before), and which of its parts they declare missing.",
})
export class QualityType {
  @Field(() => Int, { description: 'Reports behind the value.' })
  reports: number;

  @Field(() => Int, { description: "Of them, reports failing an identity on the cell's parts." })
  reportsWithFailures: number;

  @Field(() => Int, { description: "Reports left out by the request's `exclude` (0 without it)." })
  reportsLeftOut: number;

  @Field({ description: 'True when no report behind the value fails an identity on its parts or declares one of them missing.' })
  sound: boolean;

  @Field(() => [CellCheckType], { complexity: rollupCosts.sources, description: 'The failing checks, report by report.' })
  failedChecks: CellCheckType[];

  @Field(() => [CellMissingPartType], { complexity: rollupCosts.sources, description: 'The parts declared missing, report by report.' })
  missingParts: CellMissingPartType[];
}

@ObjectType('MatrixCoverage', {
  simpleResolvers: true,
  description:
    "Coverage of a matrix's cells in flat arrays, same order as `values`; null entries where a cell has no coverage (OWN, REPORTED, organs).",
})
export class MatrixCoverageType {
  @Field(() => [Int], { complexity: rollupCosts.matrixValues, nullable: 'items', description: 'Jurisdictions expected per cell.' })
  expected: (number | null)[];

  @Field(() => [Int], { complexity: rollupCosts.matrixValues, nullable: 'items', description: 'Jurisdictions covered per cell.' })
  reported: (number | null)[];

  @Field(() => [Boolean], {
    complexity: rollupCosts.matrixValues,
    nullable: 'items',
    description: 'Whether nothing of the cell is missing.',
  })
  complete: (boolean | null)[];
}

@ObjectType('MatrixQuality', { simpleResolvers: true, description: "Quality of a matrix's cells in flat arrays, same order as `values`." })
export class MatrixQualityType {
  @Field(() => [Int], { complexity: rollupCosts.matrixValues, description: 'Reports behind each cell.' })
  reports: number[];

  @Field(() => [Int], { complexity: rollupCosts.matrixValues, description: "Of them, reports failing an identity on the cell's parts." })
  reportsWithFailures: number[];

  @Field(() => [Int], { complexity: rollupCosts.matrixValues, description: "Failing checks on the cell's parts." })
  failedChecks: number[];

  @Field(() => [Int], { complexity: rollupCosts.matrixValues, description: 'Parts of the cell declared missing by the reports behind it.' })
  missingParts: number[];
}
