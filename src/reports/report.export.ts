import type { Express, Request } from 'express';
import type { Services } from '../context';
import { mountCsv, queryText } from '../csv-route';
import { BadUserInputError } from '../errors';
import type { Logger } from '../logger';
import { checkJurisdictionCode, checkYear } from '../validation';
import type { ReportEntity } from './report.entity';

export const REPORT_CSV_PATH = '/export/report.csv';

/** Reports one export may hold (a report has about 260 observations). */
const MAX_REPORTS = 100;

const HEADER = [
  'report_id',
  'jurisdiction_code',
  'jurisdiction_name',
  'organ',
  'organ_kind',
  'scope',
  'year',
  'format_version',
  'revision',
  'current',
  'source_url',
  'indicator_code',
  'label_zh',
  'label_en',
  'unit',
  'value',
  'status',
  'source_table',
  'source_row',
  'source_column',
  'reason',
];

/**
 * `GET /export/report.csv?id=12` (or `id=12,13`, or `jurisdiction=350128&year=2024` for the current
 * reports of a jurisdiction and year): every observation of the reports with the table cell it was read
 * from, in catalog order, then the cells each report declared missing (status MISSING, with the reason).
 */
export function mountReportExport(app: Express, services: Services, logger: Logger): void {
  mountCsv(app, REPORT_CSV_PATH, logger, async (query) => {
    const reports = await reportsAsked(services, query);
    const [hierarchy, catalog, observations] = await Promise.all([
      services.jurisdictions.hierarchy(),
      services.indicators.catalog(),
      services.reports.observationsOf(reports.map((r) => r.id)),
    ]);
    const rows: unknown[][] = [HEADER];
    reports.forEach((report, index) => {
      const head = [
        report.id,
        report.jurisdictionCode,
        hierarchy.get(report.jurisdictionCode)?.name ?? '',
        report.organ,
        report.organKind,
        report.scope,
        report.year,
        report.formatVersion ?? '',
        report.revision,
        String(report.supersededById === null),
        report.sourceUrl ?? '',
      ];
      const labels = (code: string) => {
        const indicator = catalog.get(code);
        return [code, indicator?.labelZh ?? '', indicator?.labelEn ?? '', indicator?.unit ?? ''];
      };
      for (const o of observations[index])
        rows.push([
          ...head,
          ...labels(o.indicatorCode),
          o.value ?? '',
          o.status,
          o.sourceTable ?? '',
          o.sourceRow ?? '',
          o.sourceColumn ?? '',
          '',
        ]);
      for (const part of report.missingParts ?? []) {
        for (const code of part.indicators)
          rows.push([...head, ...labels(code), '', 'MISSING', part.part.split(':')[0], part.part.split(':')[1] ?? '', '', part.reason]);
      }
    });
    return { filename: reports.length === 1 ? `report-${reports[0].id}.csv` : 'reports.csv', rows };
  });
}

async function reportsAsked(services: Services, query: Request['query']): Promise<ReportEntity[]> {
  const ids = queryText(query, 'id');
  const jurisdiction = queryText(query, 'jurisdiction');
  const year = queryText(query, 'year');
  if (ids !== undefined) {
    const list = ids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length === 0 || list.length > MAX_REPORTS || list.some((id) => !/^\d{1,12}$/.test(id))) {
      throw new BadUserInputError(`id must be 1 to ${MAX_REPORTS} report ids separated by commas, e.g. id=12,13.`, { argument: 'id' });
    }
    const found = await services.reports.findByIds(list.map(Number));
    const missing = list.filter((_, i) => found[i] === null);
    if (missing.length > 0)
      throw new BadUserInputError(`No report has the id ${missing.join(', ')}; the \`reports\` query lists them.`, { argument: 'id' });
    return found as ReportEntity[];
  }
  if (jurisdiction === undefined || year === undefined || !/^\d{4}$/.test(year)) {
    throw new BadUserInputError(
      'Say which reports: id=12 (or id=12,13), or jurisdiction=350128&year=2024 for the current reports of a jurisdiction and year.',
      { argument: 'id' },
    );
  }
  checkJurisdictionCode(jurisdiction, 'jurisdiction');
  checkYear(Number(year));
  const [reports] = await services.reports.currentByJurisdictionYear([`${jurisdiction}:${year}`]);
  return reports.slice(0, MAX_REPORTS);
}
