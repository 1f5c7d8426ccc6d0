import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { chunk, SqlParameters } from '../batch';
import { DatabaseWrites } from '../database-writes';
import { bumpDataVersion } from '../http/data-version';
import { ObservationEntity } from '../observations/observation.entity';
import { OrganRegistry, quotedPath } from '../organs/organ.registry';
import { ReportEntity } from '../reports/report.entity';
import type { NeighbourYear } from '../reports/cross-year';
import { RollupService } from '../rollups/rollup.service';
import { evidenceOf, neighbourReports, settleAcrossYears, undoSettlementsBy, valuesOf, type SettledAcrossYears } from './cross-year.settlement';
import type { FormatVersion, MissingPart, OrganKind, ParsedCell, ReportScope } from './parsers/parsed-report';

/** Everything known about a report once its metadata is settled (parsed, resolved or overridden). */
export interface ReportToStore {
  jurisdictionCode: string;
  year: number;
  organ: string;
  organKind: OrganKind;
  scope: ReportScope;
  /** The sentence that decided the scope, or who gave it; null when nothing did. */
  scopeEvidence?: string | null;
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
  /** The cells stored: the parsed ones and those a neighbouring year settled. */
  observations: ParsedCell[];
  /** The parts still missing. */
  missing: MissingPart[];
  /** Cells whose split the same organ's stored neighbouring years settled, in this report or in theirs. */
  settledAcrossYears: SettledAcrossYears[];
}


/** Where a stored report changed the materialised roll-ups and current values (see ReportStoreService.refresh). */
export interface Touched {
  jurisdictionCode: string;
  year: number;
}

/**
 * Stores one report and its observations in one transaction: all of it or nothing. The report belongs
 * to its organ (the organ registry maps the printed name, made on the organ's first report). The same
 * content for the same organ and year is recognised by its hash and changes nothing; different content
 * becomes the next revision and the current one is marked superseded (never deleted), whatever name
 * either prints. The materialised roll-ups the report feeds, and the current values of its jurisdiction
 * and year, are refreshed in the same transaction — or, for a bulk load (`refresh: false`), once at its
 * end through `refresh`. Stores run one at a time per database (DatabaseWrites): on SQLite a second
 * transaction begun while one is open would otherwise become a savepoint of the first.
 */
export class ReportStoreService {
  private readonly rollups: RollupService;

  constructor(
    private readonly dataSource: DataSource,
    readonly organs: OrganRegistry = new OrganRegistry(),
  ) {
    this.rollups = new RollupService(dataSource);
  }

  async store(input: ReportToStore, options: { refresh?: boolean } = {}): Promise<StoreResult> {
    return DatabaseWrites.of(this.dataSource).run(() => this.transaction(input, options));
  }

  private transaction(input: ReportToStore, options: { refresh?: boolean }): Promise<StoreResult> {
    return this.dataSource.transaction(async (manager) => {
      const organ = await this.organs.resolve(manager, input);
      const current = await manager.findOne(ReportEntity, {
        where: { organId: organ.id, year: input.year, supersededById: IsNull() },
        order: { revision: 'DESC', id: 'DESC' },
      });
      if (current && current.contentHash === input.contentHash) {
        return { outcome: 'UNCHANGED' as const, report: current, superseded: null, observations: input.observations, missing: input.missing, settledAcrossYears: [] };
      }
      // What the superseded revision settled in its neighbours no longer stands; this one may settle it anew.
      const reopened = current ? await undoSettlementsBy(manager, current.id, organ.id, input.year) : [];
      // The same organ's stored neighbouring years are evidence for the splits left open in this report.
      const neighbours = await neighbourReports(manager, organ.id, input.year);
      const evidence = [neighbours.previous, neighbours.next].filter((n) => n !== null).map((n) => ({ id: n.report.id, year: n.report.year }));
      const own = settleAcrossYears(input.observations, input.missing, { previous: neighbours.previous && evidenceOf(neighbours.previous), next: neighbours.next && evidenceOf(neighbours.next) }, evidence);
      const report = await manager.save(
        manager.create(ReportEntity, {
          jurisdictionCode: input.jurisdictionCode,
          year: input.year,
          organ: input.organ,
          organId: organ.id,
          organKind: input.organKind,
          scope: input.scope,
          scopeEvidence: input.scopeEvidence ?? null,
          formatVersion: input.formatVersion,
          sourceUrl: input.sourceUrl,
          contentHash: input.contentHash,
          revision: (current?.revision ?? 0) + 1,
          supersededById: null,
          synthetic: input.synthetic ?? false,
          missingParts: own.missing.length > 0 ? own.missing : null,
          settledParts: own.settledParts.length > 0 ? own.settledParts : null,
        }),
      );
      await insertObservations(manager, report.id, own.observations);
      const settledAcrossYears: SettledAcrossYears[] = own.settled.length > 0 ? [{ reportId: report.id, year: input.year, by: evidence.map((e) => e.year), cells: own.settled }] : [];
      // And this report is evidence for the splits its neighbours left open.
      const mine: NeighbourYear = { values: valuesOf(own.observations), open: own.missing };
      for (const [neighbour, side] of [[neighbours.previous, 'next'], [neighbours.next, 'previous']] as const) {
        if (!neighbour?.report.missingParts?.some((m) => m.candidates)) continue;
        const theirs = settleAcrossYears([], neighbour.report.missingParts, side === 'next' ? { previous: null, next: mine } : { previous: mine, next: null }, [{ id: report.id, year: input.year }]);
        if (theirs.settled.length === 0) continue;
        await insertObservations(manager, neighbour.report.id, theirs.settled);
        const settledParts = [...(neighbour.report.settledParts ?? []), ...theirs.settledParts];
        await manager.update(ReportEntity, { id: neighbour.report.id }, { missingParts: theirs.missing.length > 0 ? theirs.missing : null, settledParts });
        settledAcrossYears.push({ reportId: neighbour.report.id, year: neighbour.report.year, by: [input.year], cells: theirs.settled });
      }
      await bumpDataVersion(manager);
      // Every current report of the organ and year (two only where printed variants were stored apart
      // before organs existed, see the organs migration).
      if (current) {
        await manager.update(ReportEntity, { organId: organ.id, year: input.year, supersededById: IsNull(), id: Not(report.id) }, { supersededById: report.id });
      }
      await this.organs.followKind(manager, organ.id, input.year, input.organKind);
      if (options.refresh !== false) {
        // The materialised roll-ups of the province and prefecture change with any current OWN report.
        if (input.scope === 'OWN' || current?.scope === 'OWN') await this.rollups.refresh(manager, input.jurisdictionCode, input.year);
        // The values OWN and REPORTED read may change with any report of the jurisdiction and year.
        await this.rollups.refreshCurrentValues(manager, { jurisdictionCode: input.jurisdictionCode, year: input.year });
        // Neighbours whose cells were settled here, or whose settlement by the superseded revision was undone.
        const changed = new Map<number, ReportEntity>();
        for (const settled of settledAcrossYears.filter((s) => s.reportId !== report.id)) {
          const neighbour = settled.year < input.year ? neighbours.previous : neighbours.next;
          if (neighbour) changed.set(neighbour.report.id, neighbour.report);
        }
        for (const neighbour of reopened) changed.set(neighbour.id, neighbour);
        for (const neighbour of changed.values()) {
          if (neighbour.scope === 'OWN') await this.rollups.refresh(manager, neighbour.jurisdictionCode, neighbour.year);
          await this.rollups.refreshCurrentValues(manager, { jurisdictionCode: neighbour.jurisdictionCode, year: neighbour.year });
        }
      }
      return {
        outcome: current ? ('NEW_REVISION' as const) : ('IMPORTED' as const),
        report,
        superseded: current,
        observations: own.observations,
        missing: own.missing,
        settledAcrossYears,
      };
    });
  }

  /**
   * After reports stored with `refresh: false`: the roll-ups and current values of every jurisdiction
   * and year they touched, in one transaction — what storing them one by one would have left.
   */
  async refresh(touched: readonly Touched[]): Promise<void> {
    const distinct = [...new Map(touched.map((t) => [`${t.jurisdictionCode}@${t.year}`, t])).values()];
    if (distinct.length === 0) return;
    await DatabaseWrites.of(this.dataSource).run(() =>
      this.dataSource.transaction(async (manager) => {
        for (const { jurisdictionCode, year } of distinct) {
          await this.rollups.refresh(manager, jurisdictionCode, year);
          await this.rollups.refreshCurrentValues(manager, { jurisdictionCode, year });
        }
      }),
    );
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

/**
 * Written out as multi-row INSERTs (250 rows, 1,750 parameters a statement, below both databases'
 * limits): the query builder's per-row work cost more than the database's on a bulk load.
 */
async function insertObservations(manager: EntityManager, reportId: number, cells: ParsedCell[]): Promise<void> {
  const table = quotedPath(manager.connection.getMetadata(ObservationEntity).tablePath);
  for (const part of chunk(cells, 250)) {
    const p = new SqlParameters(manager.connection);
    const values = part
      .map((cell) => `(${[reportId, cell.indicator, cell.status === 'VALUE' ? cell.value : null, cell.status, cell.table, within(cell.row, 200), within(cell.column, 100)].map((v) => p.bind(v)).join(', ')})`)
      .join(', ');
    await manager.query(`INSERT INTO ${table} (report_id, indicator_code, value, status, source_table, source_row, source_column) VALUES ${values}`, p.values);
  }
}
