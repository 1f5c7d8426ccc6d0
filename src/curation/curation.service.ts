import type { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError, CurationRejectedError, NotFoundError } from '../errors';
import { bumpDataVersion } from '../data-version/data-version';
import { organKindOf } from '../ingestion/parsers/report-metadata';
import type { FormatVersion, MissingPart, OrganKind, ReportScope } from '../reports/report-terms';
import type { ReportImportService } from '../ingestion/report-import.service';
import { DatabaseWrites } from '../database-writes';
import {
  currentOf,
  resettle,
  settledCellsOf,
  type ChangeAuthor,
  type ReportStoreService,
  type Touched,
} from '../ingestion/report-store.service';
import { ObservationEntity } from '../observations/observation.entity';
import { ReportEntity } from '../reports/report.entity';
import { checkJurisdictionCode, checkSourceUrl, checkYear } from '../validation';
import type { FieldChange } from './audit.entity';
import { recordAudit } from './audit.service';
import { reasonProblem, type MetadataField } from './curation.rules';

/** The metadata a correction may change; what is absent stays as stored. */
export interface Correction {
  jurisdiction?: string;
  year?: number;
  organ?: string;
  scope?: ReportScope;
  sourceUrl?: string;
}

/** Who curates, why, and how the door names its arguments in messages and evidence. */
export interface CurationAuthor extends ChangeAuthor {
  /** How the caller names the scope it gives, for the report's scope evidence: `reports set --scope`, `` updateReport `scope` ``. */
  scopeGivenBy: string;
}

export type CurationOutcome = 'CORRECTED' | 'UNCHANGED' | 'WITHDRAWN' | 'RESTORED';

export interface CurationResult {
  outcome: CurationOutcome;
  /** The report as it now stands: the new revision of a correction, the report withdrawn or restored. */
  report: ReportEntity;
  /** The reports a correction superseded: the report corrected, and the current report of the organ and year it moved to. */
  superseded: ReportEntity[];
  changes: FieldChange[];
  warnings: string[];
}

const SCOPES: readonly string[] = ['OWN', 'SUMMARY'];

/**
 * Corrections, withdrawals and restores of stored reports: the same rules and messages for the CLI
 * (`npm run ogi -- reports …`) and the mutations, each change one transaction with its audit entry.
 * Nothing is deleted: a correction is a new revision carrying the same observations under corrected
 * metadata (ReportStoreService), a withdrawal marks the report, which then answers nothing until
 * restored.
 */
export class CurationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ReportStoreService,
    private readonly imports: ReportImportService,
  ) {}

  async correct(id: number, correction: Correction, author: CurationAuthor): Promise<CurationResult> {
    checkReason(author, true);
    const given = (Object.keys(correction) as (keyof Correction)[]).filter((k) => correction[k] !== undefined);
    if (given.length === 0)
      throw new BadUserInputError('Nothing to change: give at least one of jurisdiction, year, organ, scope, source URL.');
    if (correction.jurisdiction !== undefined) {
      checkJurisdictionCode(correction.jurisdiction, 'jurisdiction');
      if ((await this.imports.jurisdictionName(correction.jurisdiction)) === null) {
        throw new BadUserInputError(
          `jurisdiction "${correction.jurisdiction}" is not a code of the hierarchy: look it up with the \`jurisdictions(search: …)\` query.`,
          { argument: 'jurisdiction' },
        );
      }
    }
    if (correction.year !== undefined) checkYear(correction.year);
    if (correction.scope !== undefined && !SCOPES.includes(correction.scope))
      throw new BadUserInputError(`scope must be OWN or SUMMARY, got "${correction.scope}".`, { argument: 'scope' });
    const organ = correction.organ?.trim();
    if (organ !== undefined && (organ.length < 2 || organ.length > 200))
      throw new BadUserInputError("organ must be the organ's name as printed, 2 to 200 characters.", { argument: 'organ' });
    const sourceUrl = correction.sourceUrl?.trim();
    if (sourceUrl !== undefined && (sourceUrl === '' || sourceUrl.length > 2000))
      throw new BadUserInputError('sourceUrl must be a URL of at most 2,000 characters.', { argument: 'sourceUrl' });
    // The same rule as imports: only an http(s) URL (a `javascript:` one would become a link in every client).
    if (sourceUrl !== undefined) checkSourceUrl(sourceUrl);

    const warnings: string[] = [];
    const result = await DatabaseWrites.of(this.dataSource).run(() =>
      this.dataSource.transaction(async (manager) => {
        const report = await this.standing(manager, id);
        if (organ !== undefined || correction.jurisdiction !== undefined) {
          const contradiction = await this.imports.jurisdictionContradiction(
            organ ?? report.organ,
            correction.jurisdiction ?? report.jurisdictionCode,
          );
          if (contradiction && !author.force) {
            throw new CurationRejectedError(
              'OVERRIDE_CONTRADICTS_TEXT',
              `${contradiction}. Check the correction; if the organ's printed name is wrong, give force with a reason.`,
              { contradictions: [contradiction] },
            );
          }
          if (contradiction) warnings.push(`forced: ${contradiction}`);
        }
        const observations = await manager.find(ObservationEntity, { where: { reportId: report.id } });
        const scope = correction.scope ?? (report.scope as ReportScope);
        return this.store.storeIn(
          manager,
          {
            jurisdictionCode: correction.jurisdiction ?? report.jurisdictionCode,
            year: correction.year ?? report.year,
            organ: organ ?? report.organ,
            organKind: (organ !== undefined ? organKindOf(organ) : report.organKind) as OrganKind,
            scope,
            scopeEvidence: correction.scope !== undefined ? `given by ${author.scopeGivenBy} ${scope}` : report.scopeEvidence,
            formatVersion: report.formatVersion as FormatVersion | null,
            sourceUrl: sourceUrl ?? report.sourceUrl,
            contentHash: report.contentHash,
            // From what the source gave: the splits a neighbouring year settled are settled again where the report now sits.
            observations: settledCellsOf(observations).parsed,
            missing: (report.parsedMissingParts ?? report.missingParts ?? []) as MissingPart[],
            synthetic: report.synthetic,
          },
          { base: report, given: [...given, ...(organ !== undefined ? ['organKind' as const] : [])] as MetadataField[], author },
        );
      }),
    );
    return {
      outcome: result.outcome === 'UNCHANGED' ? 'UNCHANGED' : 'CORRECTED',
      report: result.report,
      superseded: [...(result.superseded ? [result.superseded] : []), ...result.corrected.filter((r) => r.id !== result.superseded?.id)],
      changes: result.changes,
      warnings,
    };
  }

  async withdraw(id: number, author: ChangeAuthor): Promise<CurationResult> {
    checkReason(author, true);
    const reason = (author.reason as string).trim();
    const report = await DatabaseWrites.of(this.dataSource).run(() =>
      this.dataSource.transaction(async (manager) => {
        const report = await this.standing(manager, id);
        await manager.update(ReportEntity, { id: report.id }, { withdrawnAt: new Date(), withdrawalReason: reason });
        await this.changed(manager, report, { action: 'WITHDRAW', author, before: [report.id], after: [] });
        return manager.findOneByOrFail(ReportEntity, { id: report.id });
      }),
    );
    return { outcome: 'WITHDRAWN', report, superseded: [], changes: [], warnings: [] };
  }

  async restore(id: number, author: ChangeAuthor): Promise<CurationResult> {
    checkReason(author, true);
    const report = await DatabaseWrites.of(this.dataSource).run(() =>
      this.dataSource.transaction(async (manager) => {
        const report = await this.find(manager, id);
        if (report.withdrawnAt === null) {
          throw new CurationRejectedError(
            'REPORT_NOT_WITHDRAWN',
            `Report ${id} (${report.organ} ${report.year}) is not withdrawn: there is nothing to restore.`,
            { reportId: id },
          );
        }
        if (report.supersededById !== null) {
          throw new CurationRejectedError(
            'REPORT_SUPERSEDED',
            `Report ${id} (${report.organ} ${report.year}) was superseded by report ${report.supersededById} while withdrawn: that revision answers now; withdraw it first if the withdrawn one should answer instead, then import it again.`,
            { reportId: id, supersededById: report.supersededById },
          );
        }
        await manager.update(ReportEntity, { id: report.id }, { withdrawnAt: null, withdrawalReason: null });
        const restored = await manager.findOneByOrFail(ReportEntity, { id: report.id });
        // Its own splits first, with its neighbours as they now stand; then theirs, with it.
        const touched: Touched[] =
          (await resettle(manager, restored)) !== null ? [{ jurisdictionCode: restored.jurisdictionCode, year: restored.year }] : [];
        await this.changed(manager, restored, { action: 'RESTORE', author, before: [], after: [restored.id], touched });
        return manager.findOneByOrFail(ReportEntity, { id: report.id });
      }),
    );
    return { outcome: 'RESTORED', report, superseded: [], changes: [], warnings: [] };
  }

  /**
   * After a report was withdrawn or restored: its neighbouring years settle their splits again (with it,
   * or without it), the roll-ups and current values of the years touched are recomputed, the data
   * version bumped and the change recorded — all in the caller's transaction.
   */
  private async changed(
    manager: EntityManager,
    report: ReportEntity,
    change: { action: 'WITHDRAW' | 'RESTORE'; author: ChangeAuthor; before: number[]; after: number[]; touched?: Touched[] },
  ): Promise<void> {
    const touched: Touched[] = [{ jurisdictionCode: report.jurisdictionCode, year: report.year }, ...(change.touched ?? [])];
    for (const year of [report.year - 1, report.year + 1]) {
      const neighbour = await currentOf(manager, report.organId, year);
      if (neighbour && (await resettle(manager, neighbour)) !== null) touched.push({ jurisdictionCode: neighbour.jurisdictionCode, year });
    }
    await this.store.refreshIn(manager, touched);
    await bumpDataVersion(manager);
    await recordAudit(manager, {
      action: change.action,
      actor: change.author.actor,
      reason: change.author.reason?.trim() || null,
      forced: false,
      file: null,
      changes: null,
      before: change.before,
      after: change.after,
    });
  }

  /** The report, locked for the transaction where the database can (PostgreSQL); NOT_FOUND when there is none. */
  private async find(manager: EntityManager, id: number): Promise<ReportEntity> {
    const report = await manager.findOne(ReportEntity, {
      where: { id },
      ...(this.dataSource.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!report)
      throw new NotFoundError(`There is no report ${id}: find reports with \`npm run ogi -- reports list\` or the \`reports\` query.`);
    return report;
  }

  /** The report, which must be current: neither superseded nor withdrawn. */
  private async standing(manager: EntityManager, id: number): Promise<ReportEntity> {
    const report = await this.find(manager, id);
    if (report.supersededById !== null) {
      throw new CurationRejectedError(
        'REPORT_SUPERSEDED',
        `Report ${id} (${report.organ} ${report.year}, revision ${report.revision}) was superseded by report ${report.supersededById}: act on the current revision.`,
        { reportId: id, supersededById: report.supersededById },
      );
    }
    if (report.withdrawnAt !== null) {
      throw new CurationRejectedError(
        'REPORT_WITHDRAWN',
        `Report ${id} (${report.organ} ${report.year}) is withdrawn${report.withdrawalReason ? `: «${report.withdrawalReason}»` : ''}. Restore it first.`,
        { reportId: id },
      );
    }
    return report;
  }
}

function checkReason(author: ChangeAuthor, required: boolean): void {
  const problem = reasonProblem(author, required);
  if (problem) throw new BadUserInputError(`${problem}: --reason (CLI) or \`reason\` (mutation).`, { argument: 'reason' });
}
