import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { chunk } from '../batch';
import { DatabaseWrites } from '../database-writes';
import { bumpDataVersion } from '../http/data-version';
import { ObservationEntity } from '../observations/observation.entity';
import { ReportEntity } from '../reports/report.entity';
import { RollupService } from '../rollups/rollup.service';
import type { FormatVersion, MissingPart, OrganKind, ParsedCell, ReportScope } from './parsers/parsed-report';

/** Everything known about a report once its metadata is settled (parsed, resolved or overridden). */
export interface ReportToStore {
  jurisdictionCode: string;
  year: number;
  organ: string;
  organKind: OrganKind;
  scope: ReportScope;
  formatVersion: FormatVersion | null;
  sourceUrl: string | null;
  contentHash: string;
  observations: ParsedCell[];
  missing: MissingPart[];
  synthetic?: boolean;
}

export type StoreOutcome = 'IMPORTED' | 'UNCHANGED' | 'NEW_REVISION';

export interface StoreResult {
  outcome: StoreOutcome;
  report: ReportEntity;
  /** The revision this one superseded, for NEW_REVISION. */
  superseded: ReportEntity | null;
}

/**
 * Stores one report and its observations in one transaction: all of it or nothing. The same content
 * for the same organ and year is recognised by its hash and changes nothing; different content becomes
 * the next revision and the current one is marked superseded (never deleted). The materialised
 * roll-ups the report feeds, and the current values of its jurisdiction and year, are refreshed in the
 * same transaction. Stores run one at a time per database (DatabaseWrites): on SQLite a second
 * transaction begun while one is open would otherwise become a savepoint of the first.
 */
export class ReportStoreService {
  private readonly rollups: RollupService;

  constructor(private readonly dataSource: DataSource) {
    this.rollups = new RollupService(dataSource);
  }

  async store(input: ReportToStore): Promise<StoreResult> {
    return DatabaseWrites.of(this.dataSource).run(() => this.transaction(input));
  }

  private transaction(input: ReportToStore): Promise<StoreResult> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(ReportEntity, {
        where: { jurisdictionCode: input.jurisdictionCode, organ: input.organ, year: input.year, supersededById: IsNull() },
        order: { revision: 'DESC' },
      });
      if (current && current.contentHash === input.contentHash) {
        return { outcome: 'UNCHANGED' as const, report: current, superseded: null };
      }
      const report = await manager.save(
        manager.create(ReportEntity, {
          jurisdictionCode: input.jurisdictionCode,
          year: input.year,
          organ: input.organ,
          organKind: input.organKind,
          scope: input.scope,
          formatVersion: input.formatVersion,
          sourceUrl: input.sourceUrl,
          contentHash: input.contentHash,
          revision: (current?.revision ?? 0) + 1,
          supersededById: null,
          synthetic: input.synthetic ?? false,
          missingParts: input.missing.length > 0 ? input.missing : null,
        }),
      );
      await insertObservations(manager, report.id, input.observations);
      await bumpDataVersion(manager);
      if (current) await manager.update(ReportEntity, { id: current.id }, { supersededById: report.id });
      // The materialised roll-ups of the province and prefecture change with any current OWN report.
      if (input.scope === 'OWN' || current?.scope === 'OWN') await this.rollups.refresh(manager, input.jurisdictionCode, input.year);
      // The values OWN and REPORTED read may change with any report of the jurisdiction and year.
      await this.rollups.refreshCurrentValues(manager, { jurisdictionCode: input.jurisdictionCode, year: input.year });
      return { outcome: current ? ('NEW_REVISION' as const) : ('IMPORTED' as const), report, superseded: current };
    });
  }
}

/**
 * Labels as printed are provenance, kept within their columns' lengths on both databases (PostgreSQL
 * would refuse a longer one, SQLite keep it): a label longer than any real one is cut, with an ellipsis.
 */
function within(text: string | null, length: number): string | null {
  if (text === null) return null;
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

async function insertObservations(manager: EntityManager, reportId: number, cells: ParsedCell[]): Promise<void> {
  const rows = cells.map((cell) => ({
    reportId,
    indicatorCode: cell.indicator,
    value: cell.status === 'VALUE' ? cell.value : null,
    status: cell.status,
    sourceTable: cell.table,
    sourceRow: within(cell.row, 200),
    sourceColumn: within(cell.column, 100),
  }));
  for (const part of chunk(rows, 100)) {
    await manager.createQueryBuilder().insert().into(ObservationEntity).values(part).execute();
  }
}
