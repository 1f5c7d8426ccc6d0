import { loadIndicatorCatalog } from '../indicators/indicator.catalog';
import type { CellStatus, FormatVersion, OrganKind, ReportScope } from '../reports/report-terms';
import { loadDivisions, type DivisionRow } from '../jurisdictions/division.catalog';
import { completeFormatCells, generateReportValues, seededRng, type Rng } from './report-values';

/**
 * Synthetic national data: one government OWN report per province, prefecture and county and year
 * (about 3 % left out), every base (printed) code of the format in force that year, values satisfying
 * the accounting identities; plus one SUMMARY report per prefecture that is the sum of its subtree's
 * OWN reports with a few cells off by a little, as real 全市 reports are. Deterministic for a seed.
 */

/** Bump when the generated data change: cached databases are keyed by seed and this version. */
export const GENERATOR_VERSION = 2;

export const SHARE_MISSING = 0.03;
/** Share of zero cells printed blank (a blank beside numbers counts as 0, so identities still hold). */
const SHARE_BLANK_ZERO = 0.02;
/** Share of a SUMMARY report's cells that differ from the sum of the subtree. */
const SHARE_SUMMARY_OFF = 0.03;
const SCALE = { PROVINCE: 240, PREFECTURE: 120, COUNTY: 60 } as const;

export interface SyntheticOptions {
  seed: number;
  from: number;
  to: number;
}

export interface GeneratedReport {
  id: number;
  jurisdictionCode: string;
  year: number;
  organ: string;
  organKind: OrganKind;
  scope: ReportScope;
  formatVersion: FormatVersion;
  contentHash: string;
  /** Positions in `codes` of the year, values (null when blank) and statuses, aligned. */
  codes: readonly string[];
  values: (number | null)[];
  statuses: CellStatus[];
}

export interface GeneratedYear {
  year: number;
  reports: GeneratedReport[];
  observations: number;
}

/** The format version in force for a report year: 2014–2020 print the 2019 tables, 2021 on the 2021 ones. */
export function formatOfYear(year: number): '2019' | '2021' {
  return year >= 2021 ? '2021' : '2019';
}

/** Base codes a format carries, from the catalog's `formats` column (derived codes are computed, never stored). */
export function baseCodesOf(version: '2019' | '2021'): string[] {
  return loadIndicatorCatalog()
    .filter((i) => !i.formula && i.formatVersions.split(';').includes(version))
    .map((i) => i.code);
}

/** Generates year by year (each year's reports together, so a caller can write and forget them). */
export function* generateNational(options: SyntheticOptions): Generator<GeneratedYear> {
  const divisions = loadDivisions().sort((a, b) => a.code.localeCompare(b.code));
  const codesByVersion = { '2019': baseCodesOf('2019'), '2021': baseCodesOf('2021') };
  const rng = seededRng(options.seed);
  let nextId = 1;
  for (let year = options.from; year <= options.to; year++) {
    const version = formatOfYear(year);
    const codes = codesByVersion[version];
    const reports: GeneratedReport[] = [];
    const own = new Map<string, GeneratedReport>();
    for (const division of divisions) {
      if (rng() < SHARE_MISSING) continue;
      const report = governmentReport(rng, division, year, version, codes, options.seed);
      report.id = nextId++;
      reports.push(report);
      own.set(division.code, report);
    }
    for (const prefecture of divisions.filter((d) => d.level === 'PREFECTURE')) {
      if (rng() < SHARE_MISSING) continue;
      const parts = divisions
        .filter((d) => d.prefectureCode === prefecture.code)
        .map((d) => own.get(d.code))
        .filter((r) => r !== undefined);
      if (parts.length === 0) continue;
      const summary = summaryReport(rng, prefecture, year, version, codes, parts, options.seed);
      summary.id = nextId++;
      reports.push(summary);
    }
    yield { year, reports, observations: reports.reduce((n, r) => n + r.codes.length, 0) };
  }
}

function governmentReport(
  rng: Rng,
  division: DivisionRow,
  year: number,
  version: '2019' | '2021',
  codes: readonly string[],
  seed: number,
): GeneratedReport {
  const generated = generateReportValues(rng, { version, scale: SCALE[division.level] });
  completeFormatCells(rng, generated);
  const values: (number | null)[] = [];
  const statuses: CellStatus[] = [];
  for (const code of codes) {
    const value = generated.cells.get(code);
    if (value === undefined) throw new Error(`synthetic generator: no value for ${code} (${version})`);
    const blank = value === 0 && rng() < SHARE_BLANK_ZERO;
    values.push(blank ? null : value);
    statuses.push(blank ? 'BLANK' : 'VALUE');
  }
  return {
    id: 0,
    jurisdictionCode: division.code,
    year,
    organ: `${division.name}人民政府`,
    organKind: 'GOVERNMENT',
    scope: 'OWN',
    formatVersion: version,
    contentHash: `synthetic-${seed}-${GENERATOR_VERSION}-${division.code}-${year}-own`,
    codes,
    values,
    statuses,
  };
}

function summaryReport(
  rng: Rng,
  prefecture: DivisionRow,
  year: number,
  version: '2019' | '2021',
  codes: readonly string[],
  parts: GeneratedReport[],
  seed: number,
): GeneratedReport {
  const values: (number | null)[] = [];
  const statuses: CellStatus[] = [];
  codes.forEach((_code, i) => {
    let sum = 0;
    let numbers = false;
    for (const part of parts) {
      const v = part.values[i];
      if (v !== null) {
        sum += v;
        numbers = true;
      }
    }
    if (numbers && rng() < SHARE_SUMMARY_OFF) sum = Math.max(0, sum + (rng() < 0.5 ? -1 : 1) * (1 + Math.floor(rng() * 3)));
    values.push(numbers ? Math.round(sum * 100) / 100 : null);
    statuses.push(numbers ? 'VALUE' : 'BLANK');
  });
  return {
    id: 0,
    jurisdictionCode: prefecture.code,
    year,
    organ: `${prefecture.name}（全市汇总）`,
    organKind: 'GOVERNMENT',
    scope: 'SUMMARY',
    formatVersion: version,
    contentHash: `synthetic-${seed}-${GENERATOR_VERSION}-${prefecture.code}-${year}-summary`,
    codes,
    values,
    statuses,
  };
}
