import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BLANK_CELLS, priced } from '../http/query-cost';
import { connectionType } from '../pagination';

export const FormatVersionEnum = { FORMAT_2019: '2019', FORMAT_2021: '2021', PRE_2019: 'PRE_2019' } as const;
registerEnumType(FormatVersionEnum, {
  name: 'FormatVersion',
  description: 'Version of the national report format a report follows, detected from its table-2 column headers.',
  valuesConfig: {
    FORMAT_2019: { description: '国办公开办函〔2019〕60号 (reports on 2019 and 2020, and some later ones).' },
    FORMAT_2021: { description: '国办公开办函〔2021〕30号 (reports on 2021 onward).' },
    PRE_2019: { description: 'Before the national table format (reports on 2008–2018).' },
  },
});

export const OrganKindEnum = { GOVERNMENT: 'GOVERNMENT', DEPARTMENT: 'DEPARTMENT' } as const;
registerEnumType(OrganKindEnum, {
  name: 'OrganKind',
  description: 'Kind of organ that published a report.',
  valuesConfig: {
    GOVERNMENT: { description: "A people's government (or the office or 管委会 reporting for it)." },
    DEPARTMENT: { description: 'A department of a government (局, 委, 办 …).' },
  },
});

export const ReportScopeEnum = { OWN: 'OWN', SUMMARY: 'SUMMARY' } as const;
registerEnumType(ReportScopeEnum, {
  name: 'ReportScope',
  description: "What a report's figures cover.",
  valuesConfig: {
    OWN: { description: "The organ's own work." },
    SUMMARY: { description: 'A 全市/全区 summary over all organs of the jurisdiction.' },
  },
});

export const ObservationStatusEnum = { VALUE: 'VALUE', BLANK: 'BLANK', NOT_APPLICABLE: 'NOT_APPLICABLE' } as const;
registerEnumType(ObservationStatusEnum, {
  name: 'ObservationStatus',
  description: 'Whether an observation holds a number. A printed 0 is VALUE 0, never BLANK.',
  valuesConfig: {
    VALUE: { description: 'A number was printed.' },
    BLANK: { description: 'The cell is empty or a placeholder ("—", "/", "无").' },
    NOT_APPLICABLE: { description: 'The cell does not apply to this report.' },
  },
});

export const CheckStatusEnum = { PASS: 'PASS', FAIL: 'FAIL', NOT_CHECKABLE: 'NOT_CHECKABLE' } as const;
registerEnumType(CheckStatusEnum, {
  name: 'CheckStatus',
  description: 'Outcome of one accounting-identity check.',
  valuesConfig: {
    PASS: { description: 'Both sides are equal.' },
    FAIL: { description: 'The printed values break the identity (information about the source; the values are kept).' },
    NOT_CHECKABLE: { description: 'One side is entirely blank or absent.' },
  },
});

@ObjectType('Report', {
  simpleResolvers: true,
  description: 'One published annual report (年报) of one organ for one year, in one revision.',
})
export class ReportType {
  @Field(() => ID, { description: 'Identifier of this revision of the report.' })
  id: number;

  /** Resolved by the `jurisdiction` field. */
  jurisdictionCode: string;

  @Field(() => Int, { description: 'The year reported on (not the year of publication).' })
  year: number;

  @Field({ description: 'Reporting organ as named in the report, e.g. "深圳市人民政府".' })
  organ: string;

  @Field(() => OrganKindEnum, { description: 'Government or department.' })
  organKind: string;

  @Field(() => ReportScopeEnum, { description: "Whether the figures are the organ's own or a summary over the jurisdiction." })
  scope: string;

  @Field(() => String, {
    nullable: true,
    description:
      'What decided `scope`: the sentence of the report (e.g. "2022年全区共主动公开政府信息14571条" for a SUMMARY, "2023年我局未收到政府信息公开申请" for OWN), shortened to its clause; or who gave it ("given by --scope SUMMARY"). Null when the report says nothing either way (OWN by default) or was imported before the evidence was kept.',
  })
  scopeEvidence: string | null;

  @Field(() => FormatVersionEnum, {
    nullable: true,
    description: 'Format version the tables follow; null when the report has no tables to tell.',
  })
  formatVersion: string | null;

  @Field(() => String, { nullable: true, description: 'Where the report was published.' })
  sourceUrl: string | null;

  @Field({ description: 'SHA-256 of the imported content: the same content imported again changes nothing.' })
  contentHash: string;

  @Field({ description: 'When this revision was imported.' })
  importedAt: Date;

  @Field(() => Int, { description: 'Revision number: 1 for the first import, higher for corrected re-publications.' })
  revision: number;

  /** Resolved by the `supersededBy` field. */
  supersededById: number | null;
}

@ObjectType('Observation', { simpleResolvers: true, description: 'The value of one indicator in one report, with the cell it came from.' })
export class ObservationType {
  /** Resolved by `indicator` and `report`. */
  indicatorCode: string;
  reportId: number;

  @Field(() => Float, { nullable: true, description: 'The number printed; null unless status is VALUE.' })
  value: number | null;

  @Field(() => ObservationStatusEnum, { description: 'VALUE, or why there is no number.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'Where in the report: table2, table3, table4, section6 or narrative.' })
  sourceTable: string | null;

  @Field(() => String, { nullable: true, description: 'Row label as printed in the source.' })
  sourceRow: string | null;

  @Field(() => String, { nullable: true, description: 'Column label as printed in the source; null for single-column rows and prose.' })
  sourceColumn: string | null;
}

@ObjectType('ConsistencyCheck', {
  simpleResolvers: true,
  description: "One accounting identity of the format (FORMAT.md §7) checked on a report's printed values.",
})
export class ConsistencyCheckType {
  @Field({
    description:
      "I1 column balance, I2 row total, I3 outcome sum, I4 review/litigation total, I5 上年结转 against the year before's 结转下年度.",
  })
  identity: string;

  @Field({ description: 'The column (I1, I3), row (I2) or group (I4) checked.' })
  scope: string;

  @Field(() => CheckStatusEnum, { description: 'PASS, FAIL, or NOT_CHECKABLE when one side is entirely blank or absent.' })
  status: string;

  @Field(() => Boolean, { nullable: true, description: 'True on PASS, false on FAIL, null when not checkable.' })
  holds: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Left-hand side: the printed total (I2–I4) or 新收 + 结转 (I1).' })
  lhs: number | null;

  @Field(() => Float, { nullable: true, description: 'Right-hand side: the sum of the parts (I2–I4) or 办理结果总计 + 结转下年度 (I1).' })
  rhs: number | null;

  @Field({ description: 'The identity in words.' })
  description: string;

  @Field(() => [String], {
    complexity: BLANK_CELLS,
    description:
      "Codes of cells that were blank or absent (counted as 0 when the other operands were printed); `previous:` marks a cell of the year before's report.",
  })
  blankCells: string[];

  @Field(() => ID, {
    nullable: true,
    description: "For I5: the id of the same organ's report of the year before that the check compares with; null for I1–I4.",
  })
  otherReportId: number | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A part of the format that the report did not give or that could not be read without guessing.',
})
export class MissingPartType {
  @Field({ description: 'The part, e.g. "table4" or "table3:（三）7.属于行政执法案卷".' })
  part: string;

  @Field(() => [String], {
    complexity: priced((o) => o.reference.largestTable),
    description: 'Indicator codes left without an observation because of it.',
  })
  indicators: string[];

  @Field({ description: 'Why it is missing.' })
  reason: string;
}

export const ReportConnection = connectionType(ReportType, { type: 'Report', noun: 'report', nouns: 'reports', order: 'id' });
