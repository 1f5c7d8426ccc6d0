import type { Hierarchy, HierarchyRow } from '../jurisdictions/hierarchy';
import type { IndicatorType } from '../indicators/indicator.type';
import { organCoverage } from '../organs/organ-coverage';
import { organKey, type OrganRow, type OrganService } from '../organs/organ.service';
import { baseCodesOf, ruleOf, valueInYear, valueOverYears, yearOverYear, type IndicatorRule, type YearOverYear } from './aggregation';
import { MISSING, type CellValue } from './cell-value';
import { CellDetails, type CompositionDetails, type CoverageDetails, type QualityDetails } from './cell-details';
import type { CellFactsService } from './cell-facts.service';
import type { ReportIssue } from './cell-quality';
import { cellKey, type BaseTable } from './materialised';
import type { Measure, RollupReader } from './rollup.reader';

export interface CellsRequest {
  jurisdictions: HierarchyRow[];
  /**
   * Per-organ cells (`organsOf`, an organ's series): one row per organ, answered from the organ's own
   * current OWN reports (OWN and ROLLUP alike: an organ covers nothing below it); null: per jurisdiction.
   */
  organs: OrganRow[] | null;
  indicators: IndicatorType[];
  from: number;
  to: number;
  measure: Measure;
  /** Collapse the range into one value per jurisdiction and indicator, by each indicator's time rule. */
  aggregateYears: boolean;
  /** Reports to leave out of each cell (those failing an identity on its parts, or declaring a part missing); empty: none. */
  exclude: ReportIssue[];
}

export interface Cell extends CellValue {
  jurisdictionCode: string;
  indicatorCode: string;
  /** The jurisdiction and the indicator themselves (reference data, in memory): plain fields for GraphQL. */
  jurisdiction: HierarchyRow;
  indicator: IndicatorType;
  /** The organ of a per-organ cell; null for a jurisdiction's. */
  organ: OrganRow | null;
  /** Null when the years were aggregated; `from`/`to` give the range. */
  year: number | null;
  from: number;
  to: number;
  measure: Measure;
  /** The computation the cell came from, for its lazily computed fields. */
  computation: CellsComputation;
}

export interface Coverage extends CoverageDetails {
  /** The cell, for the organs' coverage (computed only when asked for). */
  cell: Cell;
}

export interface OrganCoverage {
  expected: number;
  reported: number;
  complete: boolean;
  missing: OrganRow[];
}

export interface Reconciliation {
  reported: number;
  rollup: number;
  difference: number;
}

/**
 * How a long computation gives way: between chunks it checks the request's time limit (throwing
 * REQUEST_TIMEOUT past it) and lets the event loop serve other requests. RequestDeadline is one.
 */
export interface WorkBudget {
  checkpoint(): Promise<void>;
}

/** Without a request (the CLI, tests): give the event loop its turn between chunks, never stop. */
export const UNLIMITED: WorkBudget = { checkpoint: () => new Promise<void>((resolve) => setImmediate(resolve)) };

/** Cells computed between two checkpoints: a few milliseconds of work. */
export const CELLS_PER_CHUNK = 4_096;

/** A cell's row in the base tables: its organ's key, or its jurisdiction's code. */
const keyOf = (cell: Cell) => (cell.organ ? organKey(cell.organ.id) : cell.jurisdictionCode);

/** Rules (parsed formulas) per catalog: the catalog is reference data, so they are built once, not per request. */
const RULES = new WeakMap<ReadonlyMap<string, IndicatorType>, Map<string, IndicatorRule>>();
const BASE_CODES = new WeakMap<ReadonlyMap<string, IndicatorType>, string[]>();

function catalogBaseCodes(catalog: ReadonlyMap<string, IndicatorType>): string[] {
  let codes = BASE_CODES.get(catalog);
  if (!codes) {
    codes = [...catalog.values()].filter((i) => !i.formula).map((i) => i.code);
    BASE_CODES.set(catalog, codes);
  }
  return codes;
}

function rulesOf(catalog: ReadonlyMap<string, IndicatorType>): Map<string, IndicatorRule> {
  let rules = RULES.get(catalog);
  if (!rules) {
    rules = new Map([...catalog.values()].map((i) => [i.code, ruleOf(i)]));
    RULES.set(catalog, rules);
  }
  return rules;
}

/**
 * One request's cells. Base values are fetched once per measure for all jurisdictions, indicators and
 * years together (a bounded number of statements), then every cell is computed in memory; coverage,
 * reconciliation and sources are fetched only if a cell asks for them, and then once for all cells.
 */
export class CellsComputation {
  private readonly rules: Map<string, IndicatorRule>;
  private readonly baseCodes: string[];
  private readonly tables = new Map<Measure, Promise<BaseTable>>();
  private readonly previousTables = new Map<Measure, Promise<BaseTable>>();
  private details: CellDetails | null = null;
  private organYears: ReturnType<OrganService['ownReportYears']> | null = null;
  private sources: Promise<Map<string, { code: string; reportId: number }[]>> | null = null;
  private computed: Promise<Cell[]> | null = null;
  private readonly subtrees = new Map<string, HierarchyRow[]>();

  constructor(
    private readonly service: RollupReader,
    private readonly facts: CellFactsService,
    private readonly organs: OrganService,
    private readonly hierarchy: Hierarchy,
    private readonly catalog: ReadonlyMap<string, IndicatorType>,
    readonly request: CellsRequest,
    private readonly budget: WorkBudget = UNLIMITED,
  ) {
    this.rules = rulesOf(catalog);
    const baseCodes = new Set<string>();
    for (const indicator of request.indicators) baseCodesOf(indicator.code, this.rules, baseCodes);
    this.baseCodes = [...baseCodes];
  }

  /** A cell of this computation whose value is already known (e.g. read by a ranking). */
  cellOf(jurisdiction: HierarchyRow, indicator: IndicatorType, year: number, value: CellValue): Cell {
    const { from, to, measure } = this.request;
    const cell: Cell = {
      jurisdictionCode: jurisdiction.code,
      indicatorCode: indicator.code,
      jurisdiction,
      indicator,
      organ: null,
      year,
      from,
      to,
      measure,
      computation: this,
      value: value.value,
      status: value.status,
    };
    if (value.reason !== undefined) cell.reason = value.reason;
    return cell;
  }

  get years(): number[] {
    const years: number[] = [];
    for (let y = this.request.from; y <= this.request.to; y++) years.push(y);
    return years;
  }

  /**
   * Cells in jurisdiction, indicator, year order. The year-over-year change is computed only when asked
   * for (`yoy`, a field resolver): dashboards asking for values only (e.g. `matrix`) do not pay for it,
   * nor for reading the year before the range. Computed once (a ranking and its `unranked` share it),
   * in chunks between which the request's time limit is checked.
   */
  cells(): Promise<Cell[]> {
    this.computed ??= this.compute();
    return this.computed;
  }

  private async compute(): Promise<Cell[]> {
    const { indicators, measure, aggregateYears, from, to } = this.request;
    const table = await this.table(measure);
    const { rules } = this;
    const years = this.years;
    const cells: Cell[] = [];
    const perRow = indicators.length * (aggregateYears ? 1 : years.length);
    let sinceCheckpoint = 0;
    const filtered = this.filtered;
    for (const { key, jurisdiction: j, organ } of this.rows()) {
      if (sinceCheckpoint >= CELLS_PER_CHUNK) {
        await this.budget.checkpoint();
        sinceCheckpoint = 0;
      }
      sinceCheckpoint += perRow;
      const rowLookup = this.lookup(table, key);
      const jurisdictionCode = j.code;
      for (const indicator of indicators) {
        const indicatorCode = indicator.code;
        // With `exclude` the reports left in differ by indicator: the values are keyed by row and indicator.
        const lookup = filtered ? this.lookup(table, `${key}|${indicatorCode}`) : rowLookup;
        if (aggregateYears) {
          const value = valueOverYears(indicatorCode, years, rules, lookup);
          const cell: Cell = {
            jurisdictionCode,
            indicatorCode,
            jurisdiction: j,
            indicator,
            organ,
            year: null,
            from,
            to,
            measure,
            computation: this,
            value: value.value,
            status: value.status,
          };
          if (value.reason !== undefined) cell.reason = value.reason;
          cells.push(cell);
          continue;
        }
        for (const year of years) {
          const value = valueInYear(indicatorCode, year, rules, lookup);
          const cell: Cell = {
            jurisdictionCode,
            indicatorCode,
            jurisdiction: j,
            indicator,
            organ,
            year,
            from,
            to,
            measure,
            computation: this,
            value: value.value,
            status: value.status,
          };
          if (value.reason !== undefined) cell.reason = value.reason;
          cells.push(cell);
        }
      }
    }
    return cells;
  }

  /**
   * Change from the previous year (null for aggregated years). The year before the range is fetched
   * the first time a cell of the range's first year asks, once for all cells.
   */
  async yoy(cell: Cell): Promise<YearOverYear | null> {
    if (cell.year === null) return null;
    const year = cell.year;
    const table = await this.table(cell.measure);
    const before = year - 1 < this.request.from ? await this.previousTable(cell.measure) : table;
    const previous = valueInYear(cell.indicatorCode, year - 1, this.rules, this.lookup(before, this.tableKey(cell)));
    const current: CellValue = { value: cell.value, status: cell.status };
    if (cell.reason !== undefined) current.reason = cell.reason;
    return yearOverYear(current, previous, year, this.rules.get(cell.indicatorCode)?.formatVersions ?? []);
  }

  /**
   * ROLLUP and BEST of jurisdictions: every jurisdiction of the subtree by the kind of report covering
   * it, who is missing, and whether anything of the value is (see CellDetails); null otherwise.
   */
  async coverage(cell: Cell, includeFunctionalZones = false): Promise<Coverage | null> {
    const details = await this.cellDetails().coverage(cell, includeFunctionalZones);
    return details && { ...details, cell };
  }

  /** ROLLUP and BEST of jurisdictions: which parts of the value come from SUMMARY reports and which from OWN reports. */
  composition(cell: Cell): Promise<CompositionDetails | null> {
    return this.cellDetails().composition(cell);
  }

  /** The identity checks failing on the cell's parts, and the parts declared missing, in the reports behind it. */
  quality(cell: Cell): Promise<QualityDetails> {
    return this.cellDetails().quality(cell);
  }

  /**
   * Why a cell has no number (every non-VALUE cell has a reason), or why a number is partial: the
   * reason the aggregation gave (a zero denominator, years missing from a sum), else, for a MISSING
   * cell, what is missing of its first missing part and year (CellDetails.explainMissing).
   */
  async reason(cell: Cell): Promise<string | null> {
    if (cell.status === 'VALUE') return cell.reason ?? null;
    if (cell.status === 'BLANK')
      return (
        cell.reason ??
        (cell.measure === 'OWN' || cell.measure === 'REPORTED' || cell.organ
          ? 'printed blank in the report'
          : 'printed blank in every report behind it that gives it')
      );
    if (cell.status === 'NOT_APPLICABLE') return cell.reason ?? 'not applicable';
    const table = await this.table(cell.measure);
    const lookup = this.lookup(table, this.tableKey(cell));
    const years = cell.year === null ? this.yearsOfAggregate(cell.indicatorCode) : [cell.year];
    const parts = [...this.partsOf(cell.indicatorCode)];
    for (const year of years) {
      const part = parts.find((code) => lookup(code, year).status === 'MISSING');
      if (part === undefined) continue;
      const why = await this.cellDetails().explainMissing(cell, part, year);
      const where = `${why.aboutPart && parts.length > 1 ? `${part} ` : ''}${cell.year === null ? `in ${year} ` : ''}`;
      return where ? `${where.trim()}: ${why.text}` : why.text;
    }
    return cell.reason ?? 'no report gives it';
  }

  /** The years whose values an aggregated cell of a base code stands on (a stock: its first or last year). */
  private yearsOfAggregate(code: string): number[] {
    const rule = this.rules.get(code)?.timeAggregation;
    const years = this.years;
    if (rule === 'first') return years.slice(0, 1);
    if (rule === 'last') return years.slice(-1);
    return years;
  }

  private cellDetails(): CellDetails {
    this.details ??= new CellDetails(
      this.facts,
      this.hierarchy,
      this.request,
      (code) => this.partsOf(code),
      this.catalog,
      catalogBaseCodes(this.catalog),
    );
    return this.details;
  }

  /** Whether `exclude` applies: values then come from the reports left in, per row and indicator. */
  private get filtered(): boolean {
    return this.request.exclude.length > 0;
  }

  /** A cell's key in the base tables. */
  private tableKey(cell: Cell): string {
    return this.filtered ? `${keyOf(cell)}|${cell.indicatorCode}` : keyOf(cell);
  }

  /**
   * Which organs of the cell's subtree the roll-up expects and lacks (organ-coverage.ts), read the first
   * time a cell asks, once for all cells: every organ's years of OWN reports from the year before the
   * range to the year after.
   */
  async organCoverage(cell: Cell): Promise<OrganCoverage> {
    this.organYears ??= this.organs.ownReportYears(this.request.jurisdictions, this.request.from - 1, this.request.to + 1);
    const organs = (await this.organYears).get(cell.jurisdictionCode)?.values() ?? [];
    const { expected, missing } = organCoverage(organs, cell.year === null ? this.years : [cell.year]);
    return {
      expected: expected.length,
      reported: expected.length - missing.length,
      complete: missing.length === 0,
      missing: missing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  }

  /** SUMMARY value − roll-up, where both exist (jurisdictions only: an organ has no SUMMARY of its own). */
  async reconciliation(cell: Cell): Promise<Reconciliation | null> {
    if (cell.organ) return null;
    const [reported, rollup] = await Promise.all([this.table('REPORTED'), this.table('ROLLUP')]);
    const valueIn = (table: BaseTable) => {
      const lookup = this.lookup(table, this.tableKey(cell));
      return cell.year === null
        ? valueOverYears(cell.indicatorCode, this.years, this.rules, lookup)
        : valueInYear(cell.indicatorCode, cell.year, this.rules, lookup);
    };
    const a = valueIn(reported);
    const b = valueIn(rollup);
    if (a.value === null || b.value === null) return null;
    return { reported: a.value, rollup: b.value, difference: a.value - b.value };
  }

  /** Ids of the reports the cell's value came from (for a roll-up, every contributing report). */
  async sourceReportIds(cell: Cell): Promise<number[]> {
    const codes = this.partsOf(cell.indicatorCode);
    const years = cell.year === null ? this.years : [cell.year];
    if ((cell.measure === 'BEST' || this.filtered) && cell.measure !== 'OWN' && cell.measure !== 'REPORTED' && !cell.organ)
      return this.cellDetails().sources(cell);
    if (cell.measure === 'ROLLUP' && !cell.organ) {
      this.sources ??= this.service.rollupSources(this.request.jurisdictions, {
        codes: this.baseCodes,
        from: this.request.from,
        to: this.request.to,
      });
      const sources = await this.sources;
      const ids = years.flatMap((y) =>
        (sources.get(`${cell.jurisdictionCode}@${y}`) ?? []).filter((s) => codes.has(s.code)).map((s) => s.reportId),
      );
      return [...new Set(ids)].sort((a, b) => a - b);
    }
    const table = (await this.table(cell.measure)).get(this.tableKey(cell));
    const ids = years.flatMap((y) =>
      [...codes].map((c) => table?.get(cellKey(c, y))?.reportId).filter((id): id is number => id !== undefined),
    );
    return [...new Set(ids)].sort((a, b) => a - b);
  }

  /** The base (printed) codes a code is computed from. */
  private partsOf(code: string): Set<string> {
    return baseCodesOf(code, this.rules);
  }

  /** The rows of the cells: each organ, or each jurisdiction, with its key in the base tables. */
  private rows(): { key: string; jurisdiction: HierarchyRow; organ: OrganRow | null }[] {
    const { organs, jurisdictions } = this.request;
    if (!organs) return jurisdictions.map((j) => ({ key: j.code, jurisdiction: j, organ: null }));
    return organs.map((organ) => ({ key: organKey(organ.id), jurisdiction: this.hierarchy.get(organ.jurisdictionCode)!, organ }));
  }

  private lookup(table: BaseTable, key: string) {
    const values = table.get(key);
    return (code: string, year: number): CellValue => values?.get(cellKey(code, year)) ?? MISSING;
  }

  /** The base values of one measure over the range, fetched once. */
  private table(measure: Measure): Promise<BaseTable> {
    let table = this.tables.get(measure);
    if (!table) {
      table = this.fetch(measure, this.request.from, this.request.to);
      this.tables.set(measure, table);
    }
    return table;
  }

  /** The base values of one measure in the year before the range (year-over-year of its first year), fetched once. */
  private previousTable(measure: Measure): Promise<BaseTable> {
    let table = this.previousTables.get(measure);
    if (!table) {
      table = this.fetch(measure, this.request.from - 1, this.request.from - 1);
      this.previousTables.set(measure, table);
    }
    return table;
  }

  private async fetch(measure: Measure, from: number, to: number): Promise<BaseTable> {
    const range = { codes: this.baseCodes, from, to };
    const { organs } = this.request;
    // A large read is one synchronous statement on SQLite: give way (and check the time limit) before
    // it, so many of them in one request (aliases) let other requests in between and stop at the deadline.
    if ((organs ?? this.request.jurisdictions).length * this.baseCodes.length * (to - from + 1) >= CELLS_PER_CHUNK)
      await this.budget.checkpoint();
    if (this.filtered) return this.cellDetails().filteredTable(measure, from, to, this.rows());
    // An organ's figures, whatever the measure asked for (the planner refuses REPORTED): its own reports.
    if (organs)
      return this.organs.ownValues(
        organs.map((o) => o.id),
        range,
      );
    switch (measure) {
      case 'ROLLUP':
        return this.service.rollupValues(this.request.jurisdictions, range);
      case 'BEST':
        return this.service.bestValues(this.request.jurisdictions, range);
      default:
        return this.service.reportValues(measure, this.request.jurisdictions, range);
    }
  }
}
