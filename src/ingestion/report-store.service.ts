import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { chunk, SqlParameters } from '../batch';
import { DatabaseWrites } from '../database-writes';
import { bumpDataVersion } from '../http/data-version';
import { ObservationEntity } from '../observations/observation.entity';
import { OrganRegistry, quotedPath } from '../organs/organ.registry';
import { ReportEntity } from '../reports/report.entity';
import { resolveWithNeighbours, type NeighbourYear, type Neighbours, type YearValues } from '../reports/cross-year';
import { RollupService } from '../rollups/rollup.service';
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

/** Cells of `reportId` (year `year`) that the organ's reports of the years `by` settled. */
export interface SettledAcrossYears {
  reportId: number;
  year: number;
  by: number[];
  cells: ParsedCell[];
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
      // The same organ's stored neighbouring years are evidence for the splits left open in this report.
      const neighbours = await neighbourReports(manager, organ.id, input.year);
      const evidence = [neighbours.previous, neighbours.next].filter((n) => n !== null).map((n) => n.report.year);
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
        }),
      );
      await insertObservations(manager, report.id, own.observations);
      const settledAcrossYears: SettledAcrossYears[] = own.settled.length > 0 ? [{ reportId: report.id, year: input.year, by: evidence, cells: own.settled }] : [];
      // And this report is evidence for the splits its neighbours left open.
      const mine: NeighbourYear = { values: valuesOf(own.observations), open: own.missing };
      for (const [neighbour, side] of [[neighbours.previous, 'next'], [neighbours.next, 'previous']] as const) {
        if (!neighbour?.report.missingParts?.some((m) => m.candidates)) continue;
        const theirs = settleAcrossYears([], neighbour.report.missingParts, side === 'next' ? { previous: null, next: mine } : { previous: mine, next: null }, [input.year]);
        if (theirs.settled.length === 0) continue;
        await insertObservations(manager, neighbour.report.id, theirs.settled);
        await manager.update(ReportEntity, { id: neighbour.report.id }, { missingParts: theirs.missing.length > 0 ? theirs.missing : null });
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
        for (const settled of settledAcrossYears.filter((s) => s.reportId !== report.id)) {
          const neighbour = settled.year < input.year ? neighbours.previous : neighbours.next;
          if (neighbour?.report.scope === 'OWN') await this.rollups.refresh(manager, neighbour.report.jurisdictionCode, neighbour.report.year);
          await this.rollups.refreshCurrentValues(manager, { jurisdictionCode: input.jurisdictionCode, year: settled.year });
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

interface Neighbour {
  report: ReportEntity;
  values: YearValues;
}

/** The organ's current reports of the year before and after, with their printed values. */
async function neighbourReports(manager: EntityManager, organId: number, year: number): Promise<{ previous: Neighbour | null; next: Neighbour | null }> {
  const reports = await manager.find(ReportEntity, { where: [{ organId, year: year - 1, supersededById: IsNull() }, { organId, year: year + 1, supersededById: IsNull() }], order: { revision: 'DESC', id: 'DESC' } });
  const pick = async (y: number): Promise<Neighbour | null> => {
    const report = reports.find((r) => r.year === y);
    if (!report) return null;
    const observations = await manager.find(ObservationEntity, { where: { reportId: report.id }, select: { indicatorCode: true, value: true, status: true } });
    return { report, values: new Map(observations.map((o) => [o.indicatorCode, o.status === 'VALUE' ? o.value : null])) };
  };
  return { previous: await pick(year - 1), next: await pick(year + 1) };
}

function evidenceOf(neighbour: Neighbour): NeighbourYear {
  return { values: neighbour.values, open: neighbour.report.missingParts ?? [] };
}

function valuesOf(cells: readonly ParsedCell[]): YearValues {
  return new Map(cells.map((c) => [c.indicator, c.status === 'VALUE' ? c.value : null]));
}

/**
 * The cells a neighbouring year settles (see resolveWithNeighbours), as observations that say so in
 * their column label, with the parts still open.
 */
function settleAcrossYears(cells: ParsedCell[], missing: MissingPart[], neighbours: Neighbours, years: number[]) {
  const result = resolveWithNeighbours(valuesOf(cells), missing, neighbours);
  const settled: ParsedCell[] = [];
  const by = years.length === 1 ? `the ${years[0]} report` : `the ${years.join(' and ')} reports`;
  for (const [code, value] of result.settled) {
    const part = missing.find((m) => m.candidates?.indicators.includes(code));
    const i = part?.candidates?.indicators.indexOf(code) ?? -1;
    const [table, row] = (part?.part ?? 'table').split(':');
    const source = part?.candidates?.sources?.[i] ?? { table, row: row ?? code, column: null };
    const column = `${source.column ?? ''} (split settled by ${by})`.trim();
    settled.push({ indicator: code, value, status: value === null ? 'BLANK' : 'VALUE', table: source.table, row: source.row, column });
  }
  return { observations: [...cells, ...settled], missing: result.missing, settled };
}
