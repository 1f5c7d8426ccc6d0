import DataLoader from 'dataloader';
import type { Config } from './config';
import type { IndicatorType } from './indicators/indicator.type';
import type { IndicatorService } from './indicators/indicator.service';
import type { JurisdictionEntity } from './jurisdictions/jurisdiction.entity';
import type { JurisdictionService } from './jurisdictions/jurisdiction.service';
import type { ObservationEntity } from './observations/observation.entity';
import type { ReportEntity } from './reports/report.entity';
import type { JurisdictionYearKey, ReportService } from './reports/report.service';

/** Long-lived services, built once per server from the data source. */
export interface Services {
  jurisdictions: JurisdictionService;
  indicators: IndicatorService;
  reports: ReportService;
}

/** Per-request batching: one statement per kind of lookup per tick, whatever the number of parents. */
export interface Loaders {
  jurisdiction: DataLoader<string, JurisdictionEntity | null>;
  children: DataLoader<string, JurisdictionEntity[]>;
  indicator: DataLoader<string, IndicatorType | null>;
  report: DataLoader<number, ReportEntity | null>;
  reportsOf: DataLoader<JurisdictionYearKey, ReportEntity[]>;
  observations: DataLoader<number, ObservationEntity[]>;
}

export interface Context {
  config: Config;
  services: Services;
  loaders: Loaders;
  /** True when the request carried a valid write token. */
  canWrite: boolean;
}

export function createLoaders(services: Services): Loaders {
  return {
    jurisdiction: new DataLoader((codes) => services.jurisdictions.findByCodes(codes)),
    children: new DataLoader((codes) => services.jurisdictions.childrenOf(codes)),
    indicator: new DataLoader((codes) => services.indicators.findByCodes(codes)),
    report: new DataLoader((ids) => services.reports.findByIds(ids)),
    reportsOf: new DataLoader((keys) => services.reports.currentByJurisdictionYear(keys)),
    observations: new DataLoader((ids) => services.reports.observationsOf(ids)),
  };
}
