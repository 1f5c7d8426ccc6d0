import DataLoader from 'dataloader';
import type { Config } from './config';
import type { AuditEntryRow, AuditService } from './curation/audit.service';
import type { CurationService } from './curation/curation.service';
import type { RequestDeadline } from './http/query-limits.plugin';
import type { ReportImportService } from './ingestion/report-import.service';
import type { WorkBudget } from './rollups/cells.computation';
import type { CellFactsService } from './rollups/cell-facts.service';
import type { CellsService } from './rollups/cells.service';
import type { Availability, InventoryService } from './reports/inventory.service';
import type { RollupReader } from './rollups/rollup.reader';
import {
  loadOrganSeries,
  loadSeries,
  type OrganSeriesKey,
  type SeriesContext,
  type SeriesKey,
  type SeriesResult,
} from './rollups/series.loader';
import type { IndicatorType } from './indicators/indicator.type';
import type { IndicatorService } from './indicators/indicator.service';
import type { HierarchyRow } from './jurisdictions/hierarchy';
import type { JurisdictionService } from './jurisdictions/jurisdiction.service';
import type { ObservationEntity } from './observations/observation.entity';
import type { OrganRow, OrganService, YearSpan } from './organs/organ.service';
import type { ReportEntity } from './reports/report.entity';
import type { JurisdictionYearKey, ReportService } from './reports/report.service';

/** Long-lived services, built once per server from the data source. */
export interface Services {
  jurisdictions: JurisdictionService;
  indicators: IndicatorService;
  reports: ReportService;
  imports: ReportImportService;
  rollups: RollupReader;
  /** The reports behind cells: coverage, composition, quality and reasons. */
  cellFacts: CellFactsService;
  /** Cells, matrices, rankings and series (built from the readers, hierarchy and catalog above). */
  cells: CellsService;
  organs: OrganService;
  curation: CurationService;
  audit: AuditService;
  inventory: InventoryService;
}

/** Per-request batching: one statement per kind of lookup per tick, whatever the number of parents. */
export interface Loaders {
  jurisdiction: DataLoader<string, HierarchyRow | null>;
  children: DataLoader<string, HierarchyRow[]>;
  indicator: DataLoader<string, IndicatorType | null>;
  report: DataLoader<number, ReportEntity | null>;
  reportsOf: DataLoader<JurisdictionYearKey, ReportEntity[]>;
  observations: DataLoader<number, ObservationEntity[]>;
  /** An organ's current report of a year, by `organId:year`. */
  organYearReport: DataLoader<string, ReportEntity | null>;
  series: DataLoader<SeriesKey, SeriesResult[]>;
  /** A jurisdiction's organs reporting in a span. */
  organsOf: DataLoader<{ code: string; span: YearSpan }, OrganRow[]>;
  organNames: DataLoader<number, { year: number; name: string }[]>;
  organReports: DataLoader<{ organId: number; span: YearSpan }, ReportEntity[]>;
  organSeries: DataLoader<OrganSeriesKey, SeriesResult[]>;
  /** The audit entries of a report's lineage (Report.history). */
  history: DataLoader<number, AuditEntryRow[]>;
  /** A jurisdiction's reports by year and kind. */
  availability: DataLoader<{ code: string; span: YearSpan }, Availability[]>;
}

export interface Context {
  config: Config;
  services: Services;
  loaders: Loaders;
  /** True when the request carried a valid write token. */
  canWrite: boolean;
  /** The configured name of that token (what the audit log records, never the token); null without one. */
  writer: string | null;
  /**
   * The request's time limit (OGI_REQUEST_TIMEOUT_MS), checked before each field resolver of a query and between chunks of large
   * computations.
   */
  deadline: RequestDeadline;
  /** The client's address (places for expensive requests are shared out by it). */
  client: string;
  /** Gives back the request's place for expensive requests, if it holds one (query-limits.plugin.ts). */
  release: (() => void) | null;
}

/**
 * The request's loaders, each made when first used: most requests use one or two of them, and making
 * them all would cost more than a small request's own work.
 */
class RequestLoaders implements Loaders {
  private made: Partial<Loaders> = {};

  private readonly seriesContext: SeriesContext;

  constructor(
    private readonly services: Services,
    config: Config,
    budget: WorkBudget,
  ) {
    this.seriesContext = { cells: services.cells, maxCells: config.maxCells, budget };
  }

  get jurisdiction() {
    return (this.made.jurisdiction ??= new DataLoader((codes) => this.services.jurisdictions.findByCodes(codes)));
  }

  get children() {
    return (this.made.children ??= new DataLoader((codes) => this.services.jurisdictions.childrenOf(codes)));
  }

  get indicator() {
    return (this.made.indicator ??= new DataLoader((codes) => this.services.indicators.findByCodes(codes)));
  }

  get report() {
    return (this.made.report ??= new DataLoader((ids) => this.services.reports.findByIds(ids)));
  }

  get reportsOf() {
    return (this.made.reportsOf ??= new DataLoader((keys) => this.services.reports.currentByJurisdictionYear(keys)));
  }

  get observations() {
    return (this.made.observations ??= new DataLoader((ids) => this.services.reports.observationsOf(ids)));
  }

  get organYearReport() {
    return (this.made.organYearReport ??= new DataLoader((keys) => this.services.reports.currentOfOrganYears(keys)));
  }

  get series() {
    return (this.made.series ??= new DataLoader((keys) => loadSeries(this.seriesContext, keys), {
      cacheKeyFn: (key) => JSON.stringify(key),
    }));
  }

  get organsOf() {
    return (this.made.organsOf ??= new DataLoader((keys) => this.services.organs.reportingOrgans(keys), {
      cacheKeyFn: (key) => JSON.stringify(key),
    }));
  }

  get organNames() {
    return (this.made.organNames ??= new DataLoader((ids) => this.services.organs.namesOf(ids)));
  }

  get organReports() {
    return (this.made.organReports ??= new DataLoader((keys) => this.services.organs.reportsOf(keys), {
      cacheKeyFn: (key) => JSON.stringify(key),
    }));
  }

  get history() {
    return (this.made.history ??= new DataLoader((ids) => this.services.audit.historyOf(ids)));
  }

  get availability() {
    return (this.made.availability ??= new DataLoader(
      async (keys: readonly { code: string; span: YearSpan }[]) => {
        const hierarchy = await this.services.jurisdictions.hierarchy();
        const results = new Map<string, Availability[]>();
        for (const span of new Set(keys.map((k) => JSON.stringify(k.span)))) {
          const group = keys.filter((k) => JSON.stringify(k.span) === span);
          const found = await this.services.inventory.availability(
            group.map((k) => hierarchy.get(k.code)).filter((j) => j !== undefined),
            JSON.parse(span) as YearSpan,
          );
          for (const [code, years] of found) results.set(`${code}|${span}`, years);
        }
        return keys.map((k) => results.get(`${k.code}|${JSON.stringify(k.span)}`) ?? []);
      },
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ));
  }

  get organSeries() {
    return (this.made.organSeries ??= new DataLoader((keys) => loadOrganSeries(this.seriesContext, keys), {
      cacheKeyFn: (key) => JSON.stringify(key),
    }));
  }
}

export function createLoaders(services: Services, config: Config, budget: WorkBudget): Loaders {
  return new RequestLoaders(services, config, budget);
}
