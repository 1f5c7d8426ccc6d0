import type { ReportService } from '../reports/report.service';
import type { Cell, CellsComputation } from './cells.computation';

/**
 * The columns of `/export/cells.csv`: what a cell says in GraphQL, flattened for spreadsheets. A
 * roll-up's coverage and composition are empty for OWN and REPORTED; quality and sources are every
 * cell's. Values keep full precision unless `decimals` rounds the ratios.
 */
export const CELLS_CSV_HEADER = [
  'jurisdiction_code',
  'jurisdiction_name',
  'organ',
  'indicator_code',
  'label_zh',
  'label_en',
  'unit',
  'year',
  'measure',
  'value',
  'status',
  'reason',
  'coverage_expected',
  'coverage_reported',
  'coverage_missing',
  'coverage_complete',
  'composition',
  'reports',
  'reports_with_failures',
  'failed_checks',
  'missing_parts',
  'organs',
  'source_urls',
];

export interface CellsCsvOptions {
  /** Round ratios (unit "ratio") to this many decimals for display; null: full precision. */
  decimals: number | null;
}

/** One row per cell, in the order of the cells. */
export async function cellsCsvRows(
  reports: Pick<ReportService, 'findByIds'>,
  computation: CellsComputation,
  cells: readonly Cell[],
  options: CellsCsvOptions,
): Promise<(string | number)[][]> {
  const details = await Promise.all(
    cells.map(async (cell) => {
      const [reason, coverage, composition, quality, sources] = await Promise.all([
        computation.reason(cell),
        computation.coverage(cell),
        computation.composition(cell),
        computation.quality(cell),
        computation.sourceReportIds(cell),
      ]);
      return { reason, coverage, composition, quality, sources };
    }),
  );
  const sourceReports = await reports.findByIds([...new Set(details.flatMap((d) => d.sources))]);
  const reportOf = new Map(sourceReports.filter((r) => r !== null).map((r) => [r.id, r]));
  return cells.map((cell, index) => {
    const { reason, coverage, composition, quality, sources } = details[index];
    const sourceReports = sources.map((id) => reportOf.get(id)).filter((r) => r !== undefined);
    const value =
      cell.value === null
        ? ''
        : options.decimals !== null && cell.indicator.unit === 'ratio'
          ? Number(cell.value.toFixed(options.decimals))
          : cell.value;
    return [
      cell.jurisdictionCode,
      cell.jurisdiction.name,
      cell.organ?.name ?? '',
      cell.indicatorCode,
      cell.indicator.labelZh,
      cell.indicator.labelEn,
      cell.indicator.unit,
      cell.year ?? `${cell.from}-${cell.to}`,
      cell.measure,
      value,
      cell.status,
      reason ?? '',
      coverage?.expected ?? '',
      coverage?.reported ?? '',
      coverage ? coverage.missing.length : '',
      coverage ? String(coverage.complete) : '',
      composition?.description ?? '',
      quality.reports,
      quality.reportsWithFailures,
      quality.failedChecks.map((c) => `${c.identity} ${c.scope} (report ${c.reportId}: ${c.lhs ?? '—'} ≠ ${c.rhs ?? '—'})`).join('; '),
      quality.missingParts.map((m) => `${m.part.part} (report ${m.reportId}: ${m.part.reason})`).join('; '),
      [...new Set(sourceReports.map((r) => r.organ))].join('; '),
      sourceReports.map((r) => r.sourceUrl ?? `report:${r.id}`).join(' '),
    ];
  });
}
