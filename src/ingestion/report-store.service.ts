import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { chunk, SqlParameters } from '../batch';
import type { FieldChange } from '../curation/audit.entity';
import { recordAudit } from '../curation/audit.service';
import { applyChanges, changesOf, losesValues, type MetadataField, type ReportMetadata } from '../curation/curation.rules';
import { CurationRejectedError } from '../errors';
import { DatabaseWrites } from '../database-writes';
import { bumpDataVersion } from '../data-version/data-version';
import { ObservationEntity } from '../observations/observation.entity';
import { OrganRegistry, quotedPath } from '../organs/organ.registry';
import { ReportEntity } from '../reports/report.entity';
import { resolveWithNeighbours, type NeighbourYear, type Neighbours, type YearValues } from '../reports/cross-year';
import { RollupMaterialiser } from '../rollups/rollup.materialiser';
import type { FormatVersion, MissingPart, OrganKind, ReportScope } from '../reports/report-terms';
import type { ParsedCell } from './parsers/parsed-report';

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

export type StoreOutcome = 'IMPORTED' | 'UNCHANGED' | 'NEW_REVISION' | 'CORRECTED';

export interface StoreResult {
  outcome: StoreOutcome;
  report: ReportEntity;
  /** The revision of the same organ and year this one superseded (NEW_REVISION; CORRECTED in place or onto a stored report). */
  superseded: ReportEntity | null;
  /** CORRECTED: the current reports of the same content this revision corrects (and supersedes). */
  corrected: ReportEntity[];
  /** CORRECTED: the fields changed. */
  changes: FieldChange[];
  /** The cells stored: the parsed ones and those a neighbouring year settled. */
  observations: ParsedCell[];
  /** The parts still missing. */
  missing: MissingPart[];
  /** Cells whose split the same organ's stored neighbouring years settled, in this report or in theirs. */
  settledAcrossYears: SettledAcrossYears[];
  /** The jurisdictions and years whose roll-ups and current values the change touched (for a bulk load's `refresh`). */
  touched: Touched[];
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

/** Who changes the stored reports, and why: what the audit log records. */
export interface ChangeAuthor {
  /** A write token's name, `cli` or `bundled`. */
  actor: string;
  reason?: string | null;
  /** Store even what a guard refuses (a revision losing most values); the reason is then required by the callers. */
  force?: boolean;
  /** The file imported, as the caller names it. */
  file?: string | null;
}

export interface StoreOptions {
  /** false: a bulk load, refreshed once at its end through `refresh`. */
  refresh?: boolean;
  /**
   * The metadata the caller gave (overrides, a correction). On content already stored as a current
   * report, those that differ from it correct it; what was not given keeps what is stored.
   */
  given?: readonly MetadataField[];
  /** The stored report a correction starts from (by default the latest current report of the same content). */
  base?: ReportEntity;
  author?: ChangeAuthor;
}

/** Who stores when the caller does not say: internal callers (tests, tools). */
const SYSTEM: ChangeAuthor = { actor: 'system' };

/**
 * Stores one report and its observations in one transaction: all of it or nothing. The report belongs
 * to its organ (the organ registry maps the printed name, made on the organ's first report). A file is
 * one report: its content, recognised by its hash, stored again changes nothing, unless metadata given
 * with it differ from what is stored — then it is a correction: a new revision carrying the same
 * observations under the corrected metadata, superseding the report it corrects (and, if it moves to
 * another organ or year, that one's current report). Different content for the same organ and year
 * becomes the next revision, unless it would replace the current values by far fewer (`force`). The
 * current one is marked superseded (never deleted), whatever name either prints. The materialised
 * roll-ups the report feeds, and the current values of its jurisdiction and year, are refreshed in the
 * same transaction — or, for a bulk load (`refresh: false`), once at its end through `refresh`. Every
 * change is an entry of the audit log, written in the same transaction. Stores run one at a time per
 * database (DatabaseWrites): on SQLite a second transaction begun while one is open would otherwise
 * become a savepoint of the first.
 */
export class ReportStoreService {
  private readonly rollups: RollupMaterialiser;

  constructor(
    private readonly dataSource: DataSource,
    readonly organs: OrganRegistry = new OrganRegistry(),
  ) {
    this.rollups = new RollupMaterialiser(dataSource);
  }

  async store(input: ReportToStore, options: StoreOptions = {}): Promise<StoreResult> {
    return DatabaseWrites.of(this.dataSource).run(() => this.dataSource.transaction((manager) => this.storeIn(manager, input, options)));
  }

  /** `store` inside the caller's transaction. */
  async storeIn(manager: EntityManager, input: ReportToStore, options: StoreOptions = {}): Promise<StoreResult> {
    // The standing reports of the same content: current ones, and withdrawn ones.
    const standing = await manager.find(ReportEntity, {
      where: { contentHash: input.contentHash, supersededById: IsNull() },
      order: { id: 'DESC' },
    });
    const sameContent = standing.filter((r) => r.withdrawnAt === null);
    const base = options.base ?? sameContent[0];
    if (!base) {
      const withdrawn = standing.find((r) => r.withdrawnAt !== null);
      if (withdrawn) {
        throw new CurationRejectedError(
          'REPORT_WITHDRAWN',
          `This content is report ${withdrawn.id} (${withdrawn.organ} ${withdrawn.year}), withdrawn${withdrawn.withdrawalReason ? `: «${withdrawn.withdrawalReason}»` : ''}. ` +
            'Restore it (`npm run ogi -- reports restore ID`, or `restoreReport`) instead of importing it again.',
          { reportId: withdrawn.id },
        );
      }
      return this.writeRevision(manager, input, { replaces: [], changes: [], options });
    }
    const stored = metadataOf(base);
    const changes = changesOf(stored, metadataOf(input), options.given ?? []);
    if (changes.length === 0) {
      const observations = await manager.find(ObservationEntity, { where: { reportId: base.id } });
      return {
        outcome: 'UNCHANGED',
        report: base,
        superseded: null,
        corrected: [],
        changes: [],
        observations: observations.map(cellOf),
        missing: base.missingParts ?? [],
        settledAcrossYears: [],
        touched: [],
      };
    }
    const corrected = applyChanges(stored, changes);
    const scopeChanged = changes.some((c) => c.field === 'scope');
    return this.writeRevision(
      manager,
      {
        ...input,
        jurisdictionCode: corrected.jurisdiction,
        year: corrected.year,
        organ: corrected.organ,
        organKind: corrected.organKind as OrganKind,
        scope: corrected.scope as ReportScope,
        scopeEvidence: scopeChanged ? (input.scopeEvidence ?? null) : base.scopeEvidence,
        sourceUrl: corrected.sourceUrl,
        formatVersion: input.formatVersion,
      },
      { replaces: options.base ? [base] : sameContent, changes, options },
    );
  }

  /**
   * Stores `input` as the next revision of its organ and year, superseding that organ and year's
   * standing revisions and the reports it `replaces` (a correction's), settles ambiguous splits with the
   * organ's neighbouring years both ways, refreshes what changed and records the change.
   */
  private async writeRevision(
    manager: EntityManager,
    input: ReportToStore,
    step: { replaces: ReportEntity[]; changes: FieldChange[]; options: StoreOptions },
  ): Promise<StoreResult> {
    const { replaces, changes, options } = step;
    const author = options.author ?? SYSTEM;
    const organ = await this.organs.resolve(manager, input);
    // The organ and year's latest standing revision: a withdrawn one is superseded too, but protects no values.
    const previous = await manager.findOne(ReportEntity, {
      where: { organId: organ.id, year: input.year, supersededById: IsNull() },
      order: { revision: 'DESC', id: 'DESC' },
    });
    const current = previous && previous.withdrawnAt === null && !replaces.some((r) => r.id === previous.id) ? previous : null;
    if (current && !author.force) {
      const before = await manager.count(ObservationEntity, { where: { reportId: current.id, status: 'VALUE' } });
      const after = input.observations.filter((o) => o.status === 'VALUE').length;
      if (losesValues(before, after)) {
        throw new CurationRejectedError(
          'REVISION_LOSES_VALUES',
          `This would replace report ${current.id} (${current.organ} ${current.year}, ${before} values) by a revision with ${after}: ` +
            "check that the file is the report. If it is the publisher's correction, give --force with --reason (CLI) or `force` with `reason` (mutation).",
          { reportId: current.id, valuesBefore: before, valuesAfter: after },
        );
      }
    }
    const [{ revision }] = await manager
      .createQueryBuilder(ReportEntity, 'r')
      .select('COALESCE(MAX(r.revision), 0)', 'revision')
      .where('r.organ_id = :organId AND r.year = :year', { organId: organ.id, year: input.year })
      .getRawMany<{ revision: number }>();
    const replaced = new Set(replaces.map((r) => r.id));
    // The same organ's stored neighbouring years are evidence for the splits left open in this report.
    const neighbours = await neighbourReports(manager, organ.id, input.year, replaced);
    const evidence = [neighbours.previous, neighbours.next].filter((n) => n !== null).map((n) => n.report.year);
    const own = settleAcrossYears(
      input.observations,
      input.missing,
      { previous: neighbours.previous && evidenceOf(neighbours.previous), next: neighbours.next && evidenceOf(neighbours.next) },
      evidence,
    );
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
        revision: Number(revision) + 1,
        supersededById: null,
        synthetic: input.synthetic ?? false,
        missingParts: own.missing.length > 0 ? own.missing : null,
        parsedMissingParts: sameParts(own.missing, input.missing) ? null : input.missing,
        withdrawnAt: null,
        withdrawalReason: null,
      }),
    );
    await insertObservations(manager, report.id, own.observations);
    const settledAcrossYears: SettledAcrossYears[] =
      own.settled.length > 0 ? [{ reportId: report.id, year: input.year, by: evidence, cells: own.settled }] : [];
    await bumpDataVersion(manager);
    // Every standing report of the organ and year (two only where printed variants were stored apart
    // before organs existed, see the organs migration; a withdrawn one too), and the reports corrected.
    if (previous) {
      await manager.update(
        ReportEntity,
        { organId: organ.id, year: input.year, supersededById: IsNull(), id: Not(report.id) },
        { supersededById: report.id },
      );
    }
    if (replaces.length > 0)
      await manager.update(ReportEntity, { id: In([...replaced]), supersededById: IsNull() }, { supersededById: report.id });
    await this.organs.followKind(manager, organ.id, input.year, input.organKind);

    const touched: Touched[] = [{ jurisdictionCode: input.jurisdictionCode, year: input.year }];
    // And this report is evidence for the splits its neighbours left open — settled again from what their
    // sources gave, so that what a superseded revision settled of theirs does not outlive it.
    for (const neighbour of [neighbours.previous, neighbours.next]) {
      if (!neighbour) continue;
      const again = await resettle(manager, neighbour.report);
      if (!again) continue;
      touched.push({ jurisdictionCode: neighbour.report.jurisdictionCode, year: neighbour.report.year });
      if (again.settled.length > 0)
        settledAcrossYears.push({ reportId: neighbour.report.id, year: neighbour.report.year, by: [input.year], cells: again.settled });
    }
    // A report corrected away from its organ and year leaves its old neighbours: what it settled of theirs is settled again without it.
    for (const old of replaces.filter((r) => r.organId !== organ.id || r.year !== input.year)) {
      touched.push({ jurisdictionCode: old.jurisdictionCode, year: old.year });
      for (const year of [old.year - 1, old.year + 1]) {
        const neighbour = await currentOf(manager, old.organId, year);
        if (neighbour && neighbour.id !== report.id && (await resettle(manager, neighbour)) !== null)
          touched.push({ jurisdictionCode: neighbour.jurisdictionCode, year });
      }
    }
    if (options.refresh !== false) await this.refreshIn(manager, touched);

    const before = [...(current ? [current.id] : []), ...replaces.map((r) => r.id)];
    await recordAudit(manager, {
      action: replaces.length > 0 ? 'CORRECT' : 'IMPORT',
      actor: author.actor,
      reason: author.reason?.trim() || null,
      forced: author.force === true,
      file: author.file ?? null,
      changes: replaces.length > 0 ? changes : null,
      before,
      after: [report.id],
    });
    return {
      outcome: replaces.length > 0 ? 'CORRECTED' : previous ? 'NEW_REVISION' : 'IMPORTED',
      report,
      superseded: previous,
      corrected: replaces,
      changes,
      observations: own.observations,
      missing: own.missing,
      settledAcrossYears,
      touched: distinctTouched(touched),
    };
  }

  /**
   * After reports stored with `refresh: false`: the roll-ups and current values of every jurisdiction
   * and year they touched, in one transaction — what storing them one by one would have left.
   */
  async refresh(touched: readonly Touched[]): Promise<void> {
    if (touched.length === 0) return;
    await DatabaseWrites.of(this.dataSource).run(() => this.dataSource.transaction((manager) => this.refreshIn(manager, touched)));
  }

  /** `refresh` inside the caller's transaction: what a stored, corrected, withdrawn or restored report changes. */
  async refreshIn(manager: EntityManager, touched: readonly Touched[]): Promise<void> {
    for (const { jurisdictionCode, year } of distinctTouched(touched)) {
      await this.rollups.refresh(manager, jurisdictionCode, year);
      await this.rollups.refreshCurrentValues(manager, { jurisdictionCode, year });
    }
  }
}

function distinctTouched(touched: readonly Touched[]): Touched[] {
  return [...new Map(touched.map((t) => [`${t.jurisdictionCode}@${t.year}`, t])).values()];
}

/** A report's correctable metadata (curation.rules.ts). */
function metadataOf(
  report: Pick<ReportEntity, 'jurisdictionCode' | 'year' | 'organ' | 'organKind' | 'scope' | 'sourceUrl'>,
): ReportMetadata {
  return {
    jurisdiction: report.jurisdictionCode,
    year: report.year,
    organ: report.organ,
    organKind: report.organKind,
    scope: report.scope,
    sourceUrl: report.sourceUrl,
  };
}

function sameParts(a: readonly MissingPart[], b: readonly MissingPart[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The organ's current report of a year (neither superseded nor withdrawn), or null. */
export async function currentOf(manager: EntityManager, organId: number, year: number): Promise<ReportEntity | null> {
  return manager.findOne(ReportEntity, {
    where: { organId, year, supersededById: IsNull(), withdrawnAt: IsNull() },
    order: { revision: 'DESC', id: 'DESC' },
  });
}

/** Cells a neighbouring year settled carry this in their column label (settleAcrossYears). */
const SETTLED_MARK = '(split settled by ';

/**
 * Settles a stored report's ambiguous splits again, in place, from what its source gave (its parsed
 * cells and missing parts) with the organ's neighbouring years as they now stand: after a neighbour was
 * withdrawn, restored or corrected away. True when anything changed.
 */
export async function resettle(manager: EntityManager, report: ReportEntity): Promise<{ settled: ParsedCell[] } | null> {
  const parsedMissing = report.parsedMissingParts ?? report.missingParts ?? [];
  if (!parsedMissing.some((m) => m.candidates)) return null;
  const rows = await manager.find(ObservationEntity, { where: { reportId: report.id } });
  const settledBefore = rows.filter((o) => o.sourceColumn?.includes(SETTLED_MARK));
  const { parsed } = settledCellsOf(rows);
  const neighbours = await neighbourReports(manager, report.organId, report.year, new Set());
  const evidence = [neighbours.previous, neighbours.next].filter((n) => n !== null).map((n) => n.report.year);
  const result = settleAcrossYears(
    parsed,
    parsedMissing,
    { previous: neighbours.previous && evidenceOf(neighbours.previous), next: neighbours.next && evidenceOf(neighbours.next) },
    evidence,
  );
  const key = (cells: readonly ParsedCell[]) => JSON.stringify(cells.map((c) => [c.indicator, c.value, c.status, c.column]).sort());
  if (key(settledBefore.map(cellOf)) === key(result.settled) && sameParts(report.missingParts ?? [], result.missing)) return null;
  if (settledBefore.length > 0)
    await manager.delete(ObservationEntity, { reportId: report.id, indicatorCode: In(settledBefore.map((o) => o.indicatorCode)) });
  await insertObservations(manager, report.id, result.settled);
  await manager.update(
    ReportEntity,
    { id: report.id },
    {
      missingParts: result.missing.length > 0 ? result.missing : null,
      parsedMissingParts: sameParts(result.missing, parsedMissing) ? null : parsedMissing,
    },
  );
  return { settled: result.settled };
}

/** A report's stored cells apart: those its source gave (`parsed`), and those its neighbouring years settled. */
export function settledCellsOf(rows: readonly ObservationEntity[]): { parsed: ParsedCell[]; settled: ParsedCell[] } {
  const settled = (o: ObservationEntity) => o.sourceColumn?.includes(SETTLED_MARK) === true;
  return { parsed: rows.filter((o) => !settled(o)).map(cellOf), settled: rows.filter(settled).map(cellOf) };
}

function cellOf(o: ObservationEntity): ParsedCell {
  return {
    indicator: o.indicatorCode,
    value: o.value,
    status: o.status,
    table: o.sourceTable ?? '',
    row: o.sourceRow ?? '',
    column: o.sourceColumn,
  };
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
      .map(
        (cell) =>
          `(${[reportId, cell.indicator, cell.status === 'VALUE' ? cell.value : null, cell.status, cell.table, within(cell.row, 200), within(cell.column, 100)].map((v) => p.bind(v)).join(', ')})`,
      )
      .join(', ');
    await manager.query(
      `INSERT INTO ${table} (report_id, indicator_code, value, status, source_table, source_row, source_column) VALUES ${values}`,
      p.values,
    );
  }
}

interface Neighbour {
  report: ReportEntity;
  values: YearValues;
}

/** The organ's current reports of the year before and after (but those `excluded`), with their printed values. */
async function neighbourReports(
  manager: EntityManager,
  organId: number,
  year: number,
  excluded: ReadonlySet<number>,
): Promise<{ previous: Neighbour | null; next: Neighbour | null }> {
  const reports = await manager.find(ReportEntity, {
    where: [
      { organId, year: year - 1, supersededById: IsNull(), withdrawnAt: IsNull() },
      { organId, year: year + 1, supersededById: IsNull(), withdrawnAt: IsNull() },
    ],
    order: { revision: 'DESC', id: 'DESC' },
  });
  const pick = async (y: number): Promise<Neighbour | null> => {
    const report = reports.find((r) => r.year === y && !excluded.has(r.id));
    if (!report) return null;
    const observations = await manager.find(ObservationEntity, {
      where: { reportId: report.id },
      select: { indicatorCode: true, value: true, status: true },
    });
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
