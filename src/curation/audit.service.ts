import type { DataSource, EntityManager } from 'typeorm';
import { anyOf, unique } from '../batch';
import { quotedPath } from '../organs/organ.registry';
import { decodeCursor, type Page } from '../pagination';
import { ReportEntity } from '../reports/report.entity';
import { AuditEntryEntity, AuditReportEntity, type AuditAction, type FieldChange } from './audit.entity';

/** An entry to write: what changed, who asked and why, and the current reports before and after. */
export interface AuditRecord {
  action: AuditAction;
  actor: string;
  reason: string | null;
  forced: boolean;
  file: string | null;
  changes: FieldChange[] | null;
  before: readonly number[];
  after: readonly number[];
}

/** An entry as read back, with the reports it is about. */
export interface AuditEntryRow {
  id: number;
  at: Date;
  action: AuditAction;
  actor: string;
  reason: string | null;
  forced: boolean;
  file: string | null;
  changes: FieldChange[];
  reportIdsBefore: number[];
  reportIdsAfter: number[];
}

/** Writes an entry inside the transaction of the change it records. */
export async function recordAudit(manager: EntityManager, record: AuditRecord): Promise<number> {
  const entry = await manager.save(
    manager.create(AuditEntryEntity, {
      action: record.action,
      actor: record.actor,
      reason: record.reason,
      forced: record.forced,
      file: record.file ? record.file.slice(0, 500) : null,
      changes: record.changes && record.changes.length > 0 ? record.changes : null,
    }),
  );
  const links = [
    ...unique(record.before).map((reportId) => ({ auditEntryId: entry.id, reportId, role: 'BEFORE' as const })),
    ...unique(record.after).map((reportId) => ({ auditEntryId: entry.id, reportId, role: 'AFTER' as const })),
  ];
  if (links.length > 0) await manager.createQueryBuilder().insert().into(AuditReportEntity).values(links).execute();
  return entry.id;
}

/** All SQL reading the audit log. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** The log, newest first; only entries about `reportId` (before or after) when given. */
  async list(filter: { reportId?: number }, first: number, after: string | null): Promise<Page<AuditEntryRow>> {
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    if (filter.reportId !== undefined) {
      const links = quotedPath(this.dataSource.getMetadata(AuditReportEntity).tablePath);
      query.andWhere(`EXISTS (SELECT 1 FROM ${links} l WHERE l.audit_entry_id = e.id AND l.report_id = :reportId)`, {
        reportId: filter.reportId,
      });
    }
    const totalCount = await query.getCount();
    if (after) {
      query.andWhere('e.id < :after', { after: Number(decodeCursor(after, 'id')) });
    }
    const rows = await query
      .orderBy('e.id', 'DESC')
      .limit(first + 1)
      .getMany();
    const items = await this.withReports(rows.slice(0, first));
    return { items, hasNextPage: rows.length > first, totalCount };
  }

  /**
   * Per report: the entries about any revision of its lineage (the reports linked to it by supersession,
   * either way: its earlier revisions, the revisions that replaced it, a report a correction moved onto
   * its organ and year), oldest first. A fixed number of statements per step along the longest chain,
   * whatever the number of reports asked for.
   */
  async historyOf(reportIds: readonly number[]): Promise<AuditEntryRow[][]> {
    if (reportIds.length === 0) return [];
    const lineage = await this.lineages(reportIds);
    const all = unique([...lineage.values()].flatMap((ids) => [...ids]));
    const links = await this.dataSource
      .getRepository(AuditReportEntity)
      .createQueryBuilder('l')
      .where(...anyOf(this.dataSource, 'l.report_id', 'ids', all))
      .getMany();
    const entryIds = unique(links.map((l) => l.auditEntryId));
    const entries =
      entryIds.length === 0
        ? []
        : await this.withReports(
            await this.dataSource
              .getRepository(AuditEntryEntity)
              .createQueryBuilder('e')
              .where(...anyOf(this.dataSource, 'e.id', 'ids', entryIds))
              .orderBy('e.id', 'ASC')
              .getMany(),
          );
    return reportIds.map((id) => {
      const ids = lineage.get(id) ?? new Set([id]);
      return entries.filter((e) => e.reportIdsBefore.some((r) => ids.has(r)) || e.reportIdsAfter.some((r) => ids.has(r)));
    });
  }

  /** Each report's lineage: the connected reports through `superseded_by_id`, found a step at a time for all reports together. */
  private async lineages(reportIds: readonly number[]): Promise<Map<number, Set<number>>> {
    const edges = new Map<number, Set<number>>();
    const link = (a: number, b: number) => {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ])
        edges.set(x, (edges.get(x) ?? new Set()).add(y));
    };
    const seen = new Set<number>(reportIds);
    let frontier = unique(reportIds);
    while (frontier.length > 0) {
      const [byId, idParams] = anyOf(this.dataSource, 'r.id', 'ids', frontier);
      const [bySuccessor, successorParams] = anyOf(this.dataSource, 'r.superseded_by_id', 'successors', frontier);
      const rows = await this.dataSource
        .getRepository(ReportEntity)
        .createQueryBuilder('r')
        .select(['r.id', 'r.supersededById'])
        .where(`(${byId} OR ${bySuccessor})`, { ...idParams, ...successorParams })
        .getMany();
      const next: number[] = [];
      for (const row of rows) {
        if (row.supersededById === null) continue;
        link(row.id, row.supersededById);
        for (const id of [row.id, row.supersededById]) {
          if (!seen.has(id)) {
            seen.add(id);
            next.push(id);
          }
        }
      }
      frontier = next;
    }
    const result = new Map<number, Set<number>>();
    for (const id of reportIds) {
      const component = new Set([id]);
      const stack = [id];
      while (stack.length > 0) {
        for (const other of edges.get(stack.pop() as number) ?? []) {
          if (!component.has(other)) {
            component.add(other);
            stack.push(other);
          }
        }
      }
      result.set(id, component);
    }
    return result;
  }

  private async withReports(entries: AuditEntryEntity[]): Promise<AuditEntryRow[]> {
    if (entries.length === 0) return [];
    const links = await this.dataSource
      .getRepository(AuditReportEntity)
      .createQueryBuilder('l')
      .where(
        ...anyOf(
          this.dataSource,
          'l.audit_entry_id',
          'ids',
          entries.map((e) => e.id),
        ),
      )
      .orderBy('l.report_id')
      .getMany();
    return entries.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      actor: e.actor,
      reason: e.reason,
      forced: e.forced,
      file: e.file,
      changes: e.changes ?? [],
      reportIdsBefore: links.filter((l) => l.auditEntryId === e.id && l.role === 'BEFORE').map((l) => l.reportId),
      reportIdsAfter: links.filter((l) => l.auditEntryId === e.id && l.role === 'AFTER').map((l) => l.reportId),
    }));
  }
}
