import type { Express } from 'express';
import type { Services } from '../context';
import { mountCsv } from '../csv-route';
import type { Logger } from '../logger';

export const INDICATORS_CSV_PATH = '/export/indicators.csv';

const HEADER = [
  'code',
  'label_zh',
  'label_en',
  'row_label_zh',
  'column_label_zh',
  'unit',
  'table',
  'clause',
  'kind',
  'space_aggregation',
  'time_aggregation',
  'format_versions',
  'formula',
];

/** `GET /export/indicators.csv`: the indicator catalog as a codebook, in the order of the printed tables. */
export function mountIndicatorsExport(app: Express, services: Services, logger: Logger): void {
  mountCsv(app, INDICATORS_CSV_PATH, logger, async () => {
    const catalog = await services.indicators.catalog();
    const rows = [...catalog.values()].map((i) => [
      i.code,
      i.labelZh,
      i.labelEn,
      i.rowLabelZh,
      i.columnLabelZh ?? '',
      i.unit,
      i.table,
      i.clause ?? '',
      i.kind,
      i.spaceAggregation,
      i.timeAggregation,
      i.formatVersions.join(';'),
      i.formula ?? '',
    ]);
    return { filename: 'indicators.csv', rows: [HEADER, ...rows] };
  });
}
