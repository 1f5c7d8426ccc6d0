import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { BadUserInputError } from '../errors';
import { refusedWrite } from '../http/query-limits.plugin';
import { ImportReportInput, ImportResultType } from './import.type';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportResultType, {
    description:
      'Imports one report (HTML, text, markdown or PDF). Needs `Authorization: Bearer <token>`. All or nothing: a rejected report stores nothing.',
  })
  async importReport(
    @Arg('input', () => ImportReportInput, { description: 'The report and any metadata overrides.' }) input: ImportReportInput,
    @Ctx() ctx: Context,
  ) {
    // The limits plugin refuses it before it runs; this stays for any other way in.
    if (!ctx.canWrite) throw refusedWrite(ctx.config);
    const raw = input.contentEncoding === 'BASE64' ? input.content.replace(/\s+/g, '') : input.content;
    if (input.contentEncoding === 'BASE64' && !BASE64.test(raw)) {
      throw new BadUserInputError(
        "content is not valid base64: encode the file's bytes with base64, or send text with contentEncoding UTF8.",
        { argument: 'content' },
      );
    }
    const content = Buffer.from(raw, input.contentEncoding === 'BASE64' ? 'base64' : 'utf8');
    const overrides = {
      jurisdiction: input.jurisdiction ?? undefined,
      year: input.year ?? undefined,
      organ: input.organ ?? undefined,
      organKind: input.organKind ?? undefined,
      scope: input.scope ?? undefined,
      scopeGivenBy: '`scope`',
      sourceUrl: input.sourceUrl ?? undefined,
    };
    const result = await ctx.services.imports.importReport(
      { content, contentType: input.contentType ?? undefined, fileName: input.fileName ?? undefined },
      overrides,
      { dryRun: input.dryRun, author: { actor: ctx.writer ?? 'unnamed', reason: input.reason ?? null, force: input.force } },
    );
    return {
      ...result,
      changes: result.changes.map((c) => ({
        field: c.field,
        before: c.before === null ? null : String(c.before),
        after: c.after === null ? null : String(c.after),
      })),
    };
  }
}
