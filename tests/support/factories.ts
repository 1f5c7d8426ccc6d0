import type { DataSource } from 'typeorm';
import type { OrganKind, ReportScope } from '../../src/reports/report-terms';
import { ReportStoreService, type ReportToStore } from '../../src/ingestion/report-store.service';

/** A report for tests: values by code, `null` meaning a printed blank. */
export interface ReportSpec {
  jurisdiction: string;
  year: number;
  organ?: string;
  organKind?: OrganKind;
  scope?: ReportScope;
  values: Record<string, number | null>;
}

let serial = 0;

export async function storeReport(dataSource: DataSource, spec: ReportSpec, overrides: Partial<ReportToStore> = {}) {
  serial++;
  return new ReportStoreService(dataSource).store({
    jurisdictionCode: spec.jurisdiction,
    year: spec.year,
    organ: spec.organ ?? `${spec.jurisdiction}人民政府`,
    organKind: spec.organKind ?? 'GOVERNMENT',
    scope: spec.scope ?? 'OWN',
    formatVersion: spec.year >= 2021 ? '2021' : '2019',
    sourceUrl: `https://example.org/report/${serial}`,
    contentHash: `factory-${serial}`,
    observations: Object.entries(spec.values).map(([indicator, value]) => ({
      indicator,
      value,
      status: value === null ? 'BLANK' : 'VALUE',
      table: 'table3',
      row: indicator,
      column: null,
    })),
    missing: [],
    ...overrides,
  });
}
