import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HISTORY_ENTRIES, REPORTS_PER_CHANGE, listOf } from '../http/query-cost';
import type { Context } from '../context';
import { BadUserInputError, UnauthenticatedError } from '../errors';
import { checkPageSize, toConnection } from '../pagination';
import type { ReportEntity } from '../reports/report.entity';
import { ReportType } from '../reports/report.type';
import type { AuditEntryRow } from './audit.service';
import type { CurationResult } from './curation.service';
import {
  AuditEntryConnection,
  AuditEntryType,
  CurationResultType,
  FieldChangeType,
  ReportStatusEnum,
  UpdateReportInput,
} from './curation.type';

@ArgsType()
class AuditLogArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only entries about this report (as replaced, withdrawn, corrected, imported or restored).',
  })
  reportId?: string;

  @Field(() => Int, { defaultValue: 50, description: 'Page size (at most the configured maximum, 500 by default).' })
  first: number;

  @Field(() => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
  after?: string;
}

function reportId(id: string, argument = 'id'): number {
  const n = Number(id);
  if (!/^\d{1,12}$/.test(id) || !Number.isSafeInteger(n)) {
    throw new BadUserInputError(`${argument} must be a report id (a positive whole number such as "1"), got "${id}".`, { argument });
  }
  return n;
}

/** Changes as the API shows them: values as text. */
function changesOf(
  changes: readonly { field: string; before: string | number | null; after: string | number | null }[],
): FieldChangeType[] {
  return changes.map((c) => ({
    field: c.field,
    before: c.before === null ? null : String(c.before),
    after: c.after === null ? null : String(c.after),
  }));
}

function resultOf(result: CurationResult) {
  return { ...result, changes: changesOf(result.changes) };
}

/** The write token's name, or UNAUTHENTICATED. */
function writer(ctx: Context): string {
  if (!ctx.canWrite || ctx.writer === null) throw new UnauthenticatedError();
  return ctx.writer;
}

@Resolver()
export class CurationResolver {
  @Mutation(() => CurationResultType, {
    description:
      "Corrects a report's jurisdiction, year, organ, scope or source URL: a new revision with the same observations supersedes it (nothing is lost; `Report.history` shows both). Needs `Authorization: Bearer <token>` and a reason. Refused with OVERRIDE_CONTRADICTS_TEXT when the organ's name points to another jurisdiction, REVISION_LOSES_VALUES when it would supersede a report with far more values, unless `force`.",
  })
  async updateReport(
    @Arg('input', () => UpdateReportInput, { description: 'The report and the fields to change.' }) input: UpdateReportInput,
    @Ctx() ctx: Context,
  ) {
    const actor = writer(ctx);
    const result = await ctx.services.curation.correct(
      reportId(input.id),
      {
        jurisdiction: input.jurisdiction ?? undefined,
        year: input.year ?? undefined,
        organ: input.organ ?? undefined,
        scope: input.scope ?? undefined,
        sourceUrl: input.sourceUrl ?? undefined,
      },
      { actor, reason: input.reason, force: input.force, scopeGivenBy: 'updateReport `scope`' },
    );
    return resultOf(result);
  }

  @Mutation(() => CurationResultType, {
    description:
      'Withdraws a report: it stays stored with its history but stops answering OWN/REPORTED and leaves every roll-up, organ list and coverage, recomputed in the same transaction. Needs a write token and a reason.',
  })
  async withdrawReport(
    @Arg('id', () => ID, { description: 'Id of the report: its current revision.' }) id: string,
    @Arg('reason', { description: 'Why it is withdrawn: kept on the report and in the audit log.' }) reason: string,
    @Ctx() ctx: Context,
  ) {
    const actor = writer(ctx);
    return resultOf(await ctx.services.curation.withdraw(reportId(id), { actor, reason }));
  }

  @Mutation(() => CurationResultType, {
    description: 'Restores a withdrawn report: it answers again, as before its withdrawal. Needs a write token and a reason.',
  })
  async restoreReport(
    @Arg('id', () => ID, { description: 'Id of the withdrawn report.' }) id: string,
    @Arg('reason', { description: 'Why it is restored: kept in the audit log.' }) reason: string,
    @Ctx() ctx: Context,
  ) {
    const actor = writer(ctx);
    return resultOf(await ctx.services.curation.restore(reportId(id), { actor, reason }));
  }

  @Query(() => AuditEntryConnection, {
    description: 'The audit log: every import that stored something, correction, withdrawal and restore, newest first.',
  })
  async auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    checkPageSize(args.first, ctx.config.maxPageSize);
    const filter = args.reportId === undefined || args.reportId === null ? {} : { reportId: reportId(args.reportId, 'reportId') };
    const page = await ctx.services.audit.list(filter, args.first, args.after ?? null);
    return toConnection({ ...page, items: page.items.map(entryOf) }, (e) => e.id);
  }
}

function entryOf(entry: AuditEntryRow) {
  return { ...entry, changes: changesOf(entry.changes) };
}

@Resolver(() => AuditEntryType)
export class AuditEntryResolver {
  @FieldResolver(() => [ReportType], {
    complexity: listOf(() => REPORTS_PER_CHANGE),
    description: 'The reports named by `reportIdsBefore`.',
  })
  async reportsBefore(@Root() entry: AuditEntryType, @Ctx() ctx: Context) {
    return (await ctx.loaders.report.loadMany(entry.reportIdsBefore)).filter((r) => r !== null && !(r instanceof Error));
  }

  @FieldResolver(() => [ReportType], {
    complexity: listOf(() => REPORTS_PER_CHANGE),
    description: 'The reports named by `reportIdsAfter`.',
  })
  async reportsAfter(@Root() entry: AuditEntryType, @Ctx() ctx: Context) {
    return (await ctx.loaders.report.loadMany(entry.reportIdsAfter)).filter((r) => r !== null && !(r instanceof Error));
  }
}

/** The curation fields of a report. */
@Resolver(() => ReportType)
export class ReportCurationResolver {
  @FieldResolver(() => ReportStatusEnum, { description: 'CURRENT, SUPERSEDED by a later revision, or WITHDRAWN.' })
  status(@Root() report: ReportType) {
    const r = report as ReportType & Pick<ReportEntity, 'withdrawnAt'>;
    return r.withdrawnAt ? 'WITHDRAWN' : r.supersededById !== null ? 'SUPERSEDED' : 'CURRENT';
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the report was withdrawn; null unless it is.' })
  withdrawnAt(@Root() report: ReportType) {
    return (report as ReportType & Pick<ReportEntity, 'withdrawnAt'>).withdrawnAt ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was withdrawn; null unless it is.' })
  withdrawalReason(@Root() report: ReportType) {
    return (report as ReportType & Pick<ReportEntity, 'withdrawalReason'>).withdrawalReason ?? null;
  }

  @FieldResolver(() => [AuditEntryType], {
    complexity: listOf(() => HISTORY_ENTRIES),
    description:
      "The audit entries of this report's lineage, oldest first: its import, the revisions and corrections before and after it (reports linked to it by supersession), withdrawals and restores.",
  })
  async history(@Root() report: ReportType, @Ctx() ctx: Context) {
    return (await ctx.loaders.history.load(report.id)).map(entryOf);
  }
}
