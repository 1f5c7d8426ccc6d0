import type { FieldChange } from './audit.entity';

/**
 * The rules of curation, apart from I/O: which fields a correction changes, when a new revision loses
 * too many values, what a forced change must say. Tested table-driven (tests/unit/curation-rules.test.ts).
 */

/** The metadata of a stored report that a correction can change. */
export interface ReportMetadata {
  jurisdiction: string;
  year: number;
  organ: string;
  organKind: string;
  scope: string;
  sourceUrl: string | null;
}

export type MetadataField = keyof ReportMetadata;

export const METADATA_FIELDS: readonly MetadataField[] = ['jurisdiction', 'year', 'organ', 'organKind', 'scope', 'sourceUrl'];

/**
 * The changes that `wanted` makes to `stored`: the fields given, in the order of METADATA_FIELDS,
 * whose value differs. A field not given is never a change (a re-import without `--scope` keeps a
 * scope corrected earlier).
 */
export function changesOf(stored: ReportMetadata, wanted: Partial<ReportMetadata>, given: readonly MetadataField[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of METADATA_FIELDS) {
    if (!given.includes(field) || wanted[field] === undefined) continue;
    const after = wanted[field] as string | number | null;
    if (after !== stored[field]) changes.push({ field, before: stored[field], after });
  }
  return changes;
}

/** `stored` with the changes applied. */
export function applyChanges(stored: ReportMetadata, changes: readonly FieldChange[]): ReportMetadata {
  const result: ReportMetadata = { ...stored };
  for (const change of changes) (result as unknown as Record<string, unknown>)[change.field] = change.after;
  return result;
}

/**
 * Whether a new revision with `after` values would replace one with `before` values by far fewer: fewer
 * than half. A publisher's correction changes some cells, not most of them; a page imported in place of
 * the report (a notice, an empty page, a table cut off) loses most or all.
 */
export function losesValues(before: number, after: number): boolean {
  return before > 0 && after * 2 < before;
}

/** A change that overrides a guard must say why; the reason is kept in the audit log. */
export function reasonProblem(options: { force?: boolean; reason?: string | null }, required: boolean): string | null {
  const reason = options.reason?.trim() ?? '';
  if (reason.length > 1000) return 'the reason must be at most 1,000 characters long';
  if (required && reason === '') return 'a reason is required: say why (it is kept in the audit log)';
  if (options.force && reason === '') return 'force needs a reason: say why the guard is overridden (it is kept in the audit log)';
  return null;
}

/**
 * The year an override gives against the year the report's title states: a contradiction, stated, or
 * null. A report whose title states no year takes any year given.
 */
export function yearContradiction(textYear: number | null, given: number | undefined): string | null {
  if (given === undefined || textYear === null || given === textYear) return null;
  return `the year given (${given}) is not the year the report's title states (${textYear})`;
}
