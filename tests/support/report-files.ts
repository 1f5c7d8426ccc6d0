import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReportImportService } from '../../src/ingestion/report-import.service';
import { loadDivisions } from '../../src/jurisdictions/division.catalog';
import { generateReportValues, renderHtmlReport, seededRng } from './synthetic-report';

/** What a stored report must hold: its observations, as the dry run of the same file reads them. */
export interface Expected {
  file: string;
  organ: string;
  year: number;
  /** `indicator=value/status`, sorted. */
  observations: string[];
}

export const observationKey = (o: { indicator: string; value: number | null; status: string }) =>
  `${o.indicator}=${o.value ?? ''}/${o.status}`;

/** Organs of real counties, named as their governments sign (`深圳市罗湖区人民政府`), so the importer resolves them. */
export function countyGovernments(count: number, offset = 0): { code: string; organ: string }[] {
  const divisions = loadDivisions();
  const names = new Map(divisions.map((d) => [d.code, d.name]));
  return divisions
    .filter((d) => d.level === 'COUNTY' && d.parentCode && names.get(d.parentCode)?.endsWith('市') && d.name.endsWith('区'))
    .slice(offset, offset + count)
    .map((d) => ({ code: d.code, organ: `${names.get(d.parentCode as string)}${d.name}人民政府` }));
}

/**
 * Synthetic reports (HTML, 2021 format, every cell filled) for the given organs, written to `dir`.
 * `variant` changes the values, so the same organ and year with another variant is a new revision.
 */
export function writeReports(dir: string, organs: string[], seed: number, variant = 0): string[] {
  const rng = seededRng(seed * 1000 + variant);
  return organs.map((organ, i) => {
    const report = generateReportValues(rng, { version: '2021' });
    report.organ = organ;
    report.year = 2022;
    const file = path.join(dir, `${String(i).padStart(3, '0')}-v${variant}.html`);
    writeFileSync(file, renderHtmlReport(report));
    return file;
  });
}

/** The dry run of each file (no database), keyed by the content hash the store records. */
export async function expectations(files: string[], read: (file: string) => Buffer): Promise<Map<string, Expected>> {
  const importer = ReportImportService.offline();
  const byHash = new Map<string, Expected>();
  for (const file of files) {
    const content = read(file);
    const result = await importer.importReport({ content, fileName: file }, {}, { dryRun: true });
    byHash.set(createHash('sha256').update(content).digest('hex'), {
      file,
      organ: result.organ,
      year: result.year,
      observations: result.observations.map(observationKey).sort(),
    });
  }
  return byHash;
}
