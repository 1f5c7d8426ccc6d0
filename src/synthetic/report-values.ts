import { TABLE2_LAYOUT, TABLE3_COLUMNS, TABLE4_CODES, table3Layout } from '../ingestion/parsers/format-layout';

/**
 * Synthetic annual-report values: random cells that satisfy the accounting identities (I1–I4) of the
 * national format. Shared by the national data generator (`npm run ogi -- synthesize`) and the
 * parser's property tests (tests/support/synthetic-report.ts renders them into report shapes).
 */

export type Rng = () => number;

/** mulberry32: small deterministic PRNG (seeded), good enough for test data. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticReport {
  version: '2019' | '2021';
  year: number;
  organ: string;
  /** Every table cell by indicator code. */
  cells: Map<string, number>;
}

export function randomInt(rng: Rng, max: number): number {
  return Math.floor(rng() * (max + 1));
}

/** Mostly zeros and small numbers, sometimes large: like real reports. */
function count(rng: Rng, scale: number): number {
  const r = rng();
  if (r < 0.45) return 0;
  if (r < 0.85) return randomInt(rng, Math.max(1, Math.round(scale / 10)));
  return randomInt(rng, scale);
}

export interface GenerateOptions {
  version: '2019' | '2021';
  /** Upper bound of table-3 applicant cells (default 60). */
  scale?: number;
  /** 2021 only: print （六）其他处理 as one row instead of its three sub-rows. */
  singleOtherRow?: boolean;
}

/** Random valid values: I1 (per column), I2 (row totals), I3 (outcomes sum to 总计), I4 (table-4 totals). */
export function generateReportValues(rng: Rng, options: GenerateOptions): SyntheticReport {
  const { version } = options;
  const scale = options.scale ?? 60;
  const cells = new Map<string, number>();
  for (const row of TABLE2_LAYOUT[version]) {
    if (row.prefix.startsWith('proactive.local_ext.')) continue;
    for (const col of row.columns) {
      const v = col.code === 'amount_wan_yuan' || col.code === 'amount' ? Math.round(rng() * 1000000) / 100 : count(rng, 900);
      cells.set(`${row.prefix}.${col.code}`, v);
    }
  }
  const variant = version === '2019' || options.singleOtherRow ? 'single' : 'split';
  const layout = table3Layout(variant);
  const columns = TABLE3_COLUMNS.slice(0, 6).map((c) => c.code);
  const outcomeRows = layout.filter((r) => r.role === 'outcome');
  for (const col of columns) {
    let outcomeTotal = 0;
    for (const r of outcomeRows) {
      const v = count(rng, col === 'natural_person' ? scale : Math.ceil(scale / 4));
      cells.set(`${r.code}.${col}`, v);
      outcomeTotal += v;
    }
    cells.set(`outcome.total.${col}`, outcomeTotal);
    const carriedForward = count(rng, Math.ceil(scale / 6));
    const carriedOver = Math.min(count(rng, Math.ceil(scale / 6)), outcomeTotal + carriedForward);
    cells.set(`applications.carried_forward.${col}`, carriedForward);
    cells.set(`applications.carried_over.${col}`, carriedOver);
    cells.set(`applications.new.${col}`, outcomeTotal + carriedForward - carriedOver);
  }
  for (const r of layout) {
    cells.set(
      `${r.code}.total`,
      columns.reduce((sum, col) => sum + (cells.get(`${r.code}.${col}`) ?? 0), 0),
    );
  }
  for (let g = 0; g < 3; g++) {
    let sum = 0;
    for (let p = 0; p < 4; p++) {
      const v = count(rng, 12);
      cells.set(TABLE4_CODES[g * 5 + p], v);
      sum += v;
    }
    cells.set(TABLE4_CODES[g * 5 + 4], sum);
  }
  return { version, year: version === '2019' ? 2019 + randomInt(rng, 1) : 2021 + randomInt(rng, 3), organ: '某某市某某区人民政府', cells };
}

const OTHER_SPLIT_ROWS = ['outcome.other.no_correction', 'outcome.other.fee_unpaid', 'outcome.other.other'];

/**
 * The codes of the 2021 format a printed table does not carry as cells of its own: （六）其他处理's
 * subtotal (the sum of its three sub-rows) and section 六's information-processing fees. Added so a
 * synthetic report has every base code of the catalog for its format; the identities still hold.
 */
export function completeFormatCells(rng: Rng, report: SyntheticReport): void {
  if (report.version !== '2021') return;
  const { cells } = report;
  if (cells.has('outcome.other.no_correction.total')) {
    for (const col of [...TABLE3_COLUMNS.map((c) => c.code)]) {
      cells.set(
        `outcome.other.subtotal.${col}`,
        OTHER_SPLIT_ROWS.reduce((sum, row) => sum + (cells.get(`${row}.${col}`) ?? 0), 0),
      );
    }
  }
  const notices = count(rng, 6);
  const notified = notices === 0 ? 0 : Math.round(notices * (10 + rng() * 200) * 100) / 100;
  cells.set('fees.info_processing.notices', notices);
  cells.set('fees.info_processing.amount_notified_yuan', notified);
  cells.set('fees.info_processing.amount_collected_yuan', Math.round(notified * rng() * 100) / 100);
}
