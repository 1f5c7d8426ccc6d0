import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../paths';
import type { IndicatorEntity } from './indicator.entity';

/** The indicator catalog as shipped in `indicators.csv` (a copy of the format research's canonical list). */
interface CatalogRecord {
  code: string;
  table: string;
  clause: string;
  row_label_zh: string;
  column_label_zh: string;
  label_en: string;
  unit: string;
  kind: string;
  space_aggregation: string;
  time_aggregation: string;
  formats: string;
  formula: string;
}

export const CATALOG_PATH = path.join(PROJECT_ROOT, 'src', 'indicators', 'indicators.csv');

export function loadIndicatorCatalog(file = CATALOG_PATH): IndicatorEntity[] {
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as CatalogRecord[];
  return records.map((r, position) => ({
    code: r.code,
    position,
    table: r.table,
    clause: r.clause || null,
    rowLabelZh: r.row_label_zh,
    columnLabelZh: r.column_label_zh || null,
    labelEn: r.label_en,
    unit: r.unit,
    kind: r.kind,
    spaceAggregation: r.space_aggregation,
    timeAggregation: r.time_aggregation,
    formatVersions: r.formats,
    formula: r.formula || null,
  }));
}
