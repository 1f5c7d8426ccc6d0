import { Extensions, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FieldChangeType } from '../curation/curation.type';
import { CONSISTENCY_CHECKS, FIELDS_CHANGED, IMPORT_WARNINGS, listOf, MISSING_PARTS, REPORTS_PER_CHANGE } from '../http/query-cost';
import {
  ConsistencyCheckType,
  FormatVersionEnum,
  MissingPartType,
  ObservationStatusEnum,
  OrganKindEnum,
  ReportScopeEnum,
} from '../reports/report.type';

export const ContentEncodingEnum = { UTF8: 'UTF8', BASE64: 'BASE64' } as const;
registerEnumType(ContentEncodingEnum, {
  name: 'ContentEncoding',
  description: 'How `content` is carried in the request.',
  valuesConfig: {
    UTF8: { description: 'The report text itself (HTML, text or markdown), as a JSON string.' },
    BASE64: { description: "The file's bytes in base64: for PDFs and for pages in GBK/GB18030." },
  },
});

export const ImportOutcomeEnum = {
  IMPORTED: 'IMPORTED',
  UNCHANGED: 'UNCHANGED',
  NEW_REVISION: 'NEW_REVISION',
  CORRECTED: 'CORRECTED',
  DRY_RUN: 'DRY_RUN',
} as const;
registerEnumType(ImportOutcomeEnum, {
  name: 'ImportOutcome',
  description: 'What an import did.',
  valuesConfig: {
    IMPORTED: { description: 'A new report was stored.' },
    UNCHANGED: {
      description:
        'The same content was already stored (with the metadata given, if any): nothing changed; the result shows the report as stored.',
    },
    NEW_REVISION: {
      description: 'New content for an organ and year already stored: stored as the next revision, superseding the previous one.',
    },
    CORRECTED: {
      description:
        'The same content was stored with other metadata: the metadata given correct it (a new revision with the same observations supersedes it; see `changes`).',
    },
    DRY_RUN: { description: 'Parsed and checked only; nothing was stored.' },
  },
});

@InputType({ description: 'One report file to import, and any metadata to use instead of what the report says.' })
export class ImportReportInput {
  // A whole report: bounded by the request body's limit (OGI_MAX_BODY_BYTES), not by the text limit.
  @Extensions({ maxTextLength: Number.MAX_SAFE_INTEGER })
  @Field({ description: 'The file: its text (UTF8) or its bytes in base64 (BASE64).' })
  content: string;

  @Field(() => ContentEncodingEnum, { defaultValue: 'UTF8', description: 'How `content` is carried.' })
  contentEncoding: 'UTF8' | 'BASE64';

  @Field({ nullable: true, description: 'MIME type, e.g. "text/html" or "application/pdf"; sniffed from the content when absent.' })
  contentType?: string;

  @Field({ nullable: true, description: 'File name, reported back in the result.' })
  fileName?: string;

  @Field(() => ID, { nullable: true, description: 'Six-digit jurisdiction code; read from the organ name when absent.' })
  jurisdiction?: string;

  @Field(() => Int, { nullable: true, description: 'Year reported on; read from the title when absent.' })
  year?: number;

  @Field({ nullable: true, description: 'Reporting organ; read from the report when absent.' })
  organ?: string;

  @Field(() => OrganKindEnum, { nullable: true, description: 'Government or department; inferred from the organ name when absent.' })
  organKind?: 'GOVERNMENT' | 'DEPARTMENT';

  @Field(() => ReportScopeEnum, {
    nullable: true,
    description: 'OWN or SUMMARY; read from the report when absent (全区共收到…件, 汇总…各单位: SUMMARY; 我局收到…件: OWN), else OWN.',
  })
  scope?: 'OWN' | 'SUMMARY';

  @Field({ nullable: true, description: 'Where the report was published.' })
  sourceUrl?: string;

  @Field({ defaultValue: false, description: 'Parse and check only; store nothing.' })
  dryRun: boolean;

  @Field({ nullable: true, description: 'Why: kept in the audit log. Required with `force`.' })
  reason?: string;

  @Field({
    defaultValue: false,
    description:
      "Import even where a guard refuses: a year or jurisdiction contradicting the report's text (OVERRIDE_CONTRADICTS_TEXT), a revision replacing the current values by far fewer (REVISION_LOSES_VALUES). Needs `reason`.",
  })
  force: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'One value read from an imported report.' })
export class ParsedObservationType {
  @Field(() => ID, { description: 'Indicator code.' })
  indicator: string;

  @Field(() => Float, { nullable: true, description: 'The number printed; null unless status is VALUE.' })
  value: number | null;

  @Field(() => ObservationStatusEnum, { description: 'VALUE, or why there is no number.' })
  status: string;

  @Field({ description: 'Where in the report: table2, table3, table4, section6 or narrative.' })
  table: string;

  @Field({ description: 'Row label as printed.' })
  row: string;

  @Field(() => String, { nullable: true, description: 'Column label as printed; null for single-column rows and prose.' })
  column: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'What one import read, checked and did.' })
export class ImportResultType {
  @Field(() => String, { nullable: true, description: 'File name given in the input.' })
  file: string | null;

  @Field(() => ID, { description: 'Jurisdiction code the report was filed under.' })
  jurisdiction: string;

  @Field({ description: 'Name of that jurisdiction.' })
  jurisdictionName: string;

  @Field(() => Int, { description: 'Year reported on.' })
  year: number;

  @Field({ description: 'Reporting organ.' })
  organ: string;

  @Field(() => OrganKindEnum, { description: 'Government or department.' })
  organKind: string;

  @Field(() => ReportScopeEnum, { description: 'OWN or SUMMARY.' })
  scope: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The sentence that decided `scope`, or "given by `scope` …" when the input gave it; null when the report says nothing either way (OWN by default). For content stored before, as stored.',
  })
  scopeEvidence: string | null;

  @Field(() => FormatVersionEnum, { nullable: true, description: 'Format version detected; null when the report has no tables to tell.' })
  formatVersion: string | null;

  @Field(() => [ParsedObservationType], { complexity: listOf((o) => o.reference.indicatorCount), description: 'The values read.' })
  observations: ParsedObservationType[];

  @Field(() => [ConsistencyCheckType], {
    complexity: listOf(() => CONSISTENCY_CHECKS),
    description: 'The accounting identities checked on the values read.',
  })
  consistency: ConsistencyCheckType[];

  @Field(() => [MissingPartType], {
    complexity: listOf(() => MISSING_PARTS),
    description: 'Parts not in the report, or not readable without guessing (never filled in).',
  })
  missing: MissingPartType[];

  @Field(() => [String], { complexity: IMPORT_WARNINGS, description: 'Things worth a look that did not stop the import.' })
  warnings: string[];

  @Field(() => String, { nullable: true, description: 'Where the report was published, as stored.' })
  sourceUrl: string | null;

  @Field(() => [FieldChangeType], {
    complexity: listOf(() => FIELDS_CHANGED),
    description: 'CORRECTED: the metadata fields the import changed on the stored report of the same content.',
  })
  changes: FieldChangeType[];

  @Field(() => [ID], {
    complexity: listOf(() => REPORTS_PER_CHANGE),
    description: "Ids of the reports this import superseded: the organ and year's previous revision, the report corrected.",
  })
  supersededIds: number[];

  @Field(() => ImportOutcomeEnum, { description: 'What the import did.' })
  outcome: string;

  @Field(() => ID, { nullable: true, description: 'Id of the stored report revision; null on a dry run.' })
  reportId: number | null;

  @Field(() => Int, { nullable: true, description: 'Revision number of the stored report; null on a dry run.' })
  revision: number | null;
}
