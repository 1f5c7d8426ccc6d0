import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FIELDS_CHANGED, IMPORT_WARNINGS, REPORTS_PER_CHANGE, listOf } from '../http/query-cost';
import { connectionType } from '../pagination';
import { ReportScopeEnum, ReportType } from '../reports/report.type';

export const AuditActionEnum = { IMPORT: 'IMPORT', CORRECT: 'CORRECT', WITHDRAW: 'WITHDRAW', RESTORE: 'RESTORE' } as const;
registerEnumType(AuditActionEnum, {
  name: 'AuditAction',
  description: 'What a change to the stored reports did.',
  valuesConfig: {
    IMPORT: { description: 'An import stored a new report, or a new revision of one (new content for its organ and year).' },
    CORRECT: {
      description:
        "A correction of a stored report's metadata (by `updateReport` / `reports set`, or by importing the same content with other metadata): a new revision with the same observations.",
    },
    WITHDRAW: { description: 'A report was withdrawn: it stays stored but answers nothing.' },
    RESTORE: { description: 'A withdrawn report was restored.' },
  },
});

export const ReportStatusEnum = { CURRENT: 'CURRENT', SUPERSEDED: 'SUPERSEDED', WITHDRAWN: 'WITHDRAWN' } as const;
registerEnumType(ReportStatusEnum, {
  name: 'ReportStatus',
  description: 'Whether a report revision answers.',
  valuesConfig: {
    CURRENT: {
      description: "The organ's current report of the year: it answers OWN/REPORTED, counts in roll-ups, organ lists and coverage.",
    },
    SUPERSEDED: { description: 'A later revision (a re-publication or a correction) replaced it; kept for history.' },
    WITHDRAWN: { description: 'Withdrawn (see `withdrawalReason`): kept, answers nothing until restored.' },
  },
});

export const CurationOutcomeEnum = {
  CORRECTED: 'CORRECTED',
  UNCHANGED: 'UNCHANGED',
  WITHDRAWN: 'WITHDRAWN',
  RESTORED: 'RESTORED',
} as const;
registerEnumType(CurationOutcomeEnum, {
  name: 'CurationOutcome',
  description: 'What a curation mutation did.',
  valuesConfig: {
    CORRECTED: {
      description: 'A new revision with the corrected metadata and the same observations now answers; the corrected one is superseded.',
    },
    UNCHANGED: { description: 'Every field given already had that value: nothing changed.' },
    WITHDRAWN: { description: 'The report was withdrawn.' },
    RESTORED: { description: 'The report was restored.' },
  },
});

@ObjectType('FieldChange', { simpleResolvers: true, description: 'One metadata field of a report changed by a correction.' })
export class FieldChangeType {
  @Field({ description: 'The field: jurisdiction, year, organ, organKind, scope or sourceUrl.' })
  field: string;

  @Field(() => String, { nullable: true, description: 'Its value before, as text.' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'Its value after, as text.' })
  after: string | null;
}

@ObjectType('AuditEntry', {
  simpleResolvers: true,
  description: 'One change to the stored reports: an import that stored something, a correction, a withdrawal or a restore.',
})
export class AuditEntryType {
  @Field(() => ID, { description: 'Identifier of the entry (entries are numbered in the order they were made).' })
  id: number;

  @Field({ description: 'When the change was made.' })
  at: Date;

  @Field(() => AuditActionEnum, { description: 'What the change did.' })
  action: string;

  @Field({
    description:
      'Who made it: the name the configuration gives the write token (OGI_WRITE_TOKENS `name:token`; never the token), `cli`, or `bundled` (the bundled reports loaded at start-up).',
  })
  actor: string;

  @Field(() => String, { nullable: true, description: 'Why, as the caller said.' })
  reason: string | null;

  @Field({
    description: 'Whether the caller forced a change a guard refuses (an override contradicting the text, a revision losing most values).',
  })
  forced: boolean;

  @Field(() => String, { nullable: true, description: 'The file imported, as the caller named it.' })
  file: string | null;

  @Field(() => [FieldChangeType], { complexity: listOf(() => FIELDS_CHANGED), description: 'For a correction: the fields changed.' })
  changes: FieldChangeType[];

  @Field(() => [ID], {
    complexity: listOf(() => REPORTS_PER_CHANGE),
    description: 'Ids of the current reports before the change that it replaced, withdrew or corrected.',
  })
  reportIdsBefore: number[];

  @Field(() => [ID], {
    complexity: listOf(() => REPORTS_PER_CHANGE),
    description: 'Ids of the current reports the change left: the report imported, the new revision, the report restored.',
  })
  reportIdsAfter: number[];
}

export const AuditEntryConnection = connectionType(AuditEntryType, {
  type: 'AuditEntry',
  noun: 'audit entry',
  nouns: 'audit entries',
  order: 'id, newest first',
});

@InputType({
  description:
    "A correction of a stored report's metadata: the fields given change, the others stay. The report's observations are kept (a new revision carries them).",
})
export class UpdateReportInput {
  @Field(() => ID, { description: 'Id of the report to correct: its current revision.' })
  id: string;

  @Field(() => ID, { nullable: true, description: 'The six-digit code of the jurisdiction it belongs to.' })
  jurisdiction?: string;

  @Field(() => Int, { nullable: true, description: 'The year it reports on.' })
  year?: number;

  @Field({ nullable: true, description: "The organ's name as the report prints it." })
  organ?: string;

  @Field(() => ReportScopeEnum, { nullable: true, description: 'OWN or SUMMARY.' })
  scope?: 'OWN' | 'SUMMARY';

  @Field({ nullable: true, description: 'Where the report was published.' })
  sourceUrl?: string;

  @Field({ description: 'Why: kept in the audit log.' })
  reason: string;

  @Field({
    defaultValue: false,
    description:
      "Correct even where a guard refuses: a jurisdiction the organ's name does not point to, a move onto a report with far more values.",
  })
  force: boolean;
}

@ObjectType('CurationResult', { simpleResolvers: true, description: 'What a correction, withdrawal or restore did.' })
export class CurationResultType {
  @Field(() => CurationOutcomeEnum, { description: 'What was done.' })
  outcome: string;

  @Field(() => ReportType, {
    description:
      'The report as it now stands: the new revision of a correction (the report itself when unchanged), the report withdrawn or restored.',
  })
  report: ReportType;

  @Field(() => [ReportType], {
    complexity: listOf(() => REPORTS_PER_CHANGE),
    description: 'The reports a correction superseded: the report corrected, and the report of the organ and year it moved onto, if any.',
  })
  superseded: ReportType[];

  @Field(() => [FieldChangeType], { complexity: listOf(() => FIELDS_CHANGED), description: 'The fields changed.' })
  changes: FieldChangeType[];

  @Field(() => [String], { complexity: IMPORT_WARNINGS, description: 'Things worth a look that did not stop the change (a guard forced).' })
  warnings: string[];
}
