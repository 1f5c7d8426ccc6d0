import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { anyOf } from '../batch';
import { PROJECT_ROOT } from '../paths';
import { ReportEntity } from '../reports/report.entity';
import type { ReportScope } from '../reports/report-terms';
import { ReportImportService, type ImportResult } from './report-import.service';
import { ReportStoreService } from './report-store.service';

export const BUNDLED_DIR = path.join(PROJECT_ROOT, 'src', 'ingestion', 'bundled');

export interface ManifestEntry {
  file: string;
  sourceUrl: string | null;
  jurisdiction?: string;
  scope?: ReportScope;
  note?: string;
}

export function readManifest(): ManifestEntry[] {
  return (JSON.parse(readFileSync(path.join(BUNDLED_DIR, 'manifest.json'), 'utf8')) as { reports: ManifestEntry[] }).reports;
}

/** The year a bundled file reports on, from its name (every bundled file is named `…-YYYY…`). */
export function bundledYear(file: string): number {
  const years = path.basename(file).match(/(?<!\d)(?:19|20)\d{2}(?!\d)/g);
  if (!years) throw new Error(`bundled file ${file} names no year: name it …-YYYY.… (the year reported on)`);
  return Number(years[years.length - 1]);
}

/** The manifest in load order: by the year in the file names (stable), so an organ's previous year is stored first. */
export function bundledInLoadOrder(): ManifestEntry[] {
  return readManifest()
    .map((entry, index) => ({ entry, index, year: bundledYear(entry.file) }))
    .sort((a, b) => a.year - b.year || a.index - b.index)
    .map((e) => e.entry);
}

/**
 * Imports the bundled real reports that the database does not hold yet (all of them on first start;
 * known by their content hash, so a start after an interrupted load finishes it, and reports added to
 * the bundle by an upgrade are loaded on the next start), through the importer, in year order: the
 * parser may use an organ's stored previous year as evidence. The reports are stored one by one and
 * the roll-ups refreshed once at the end, for every jurisdiction and year touched — what storing them
 * one by one would leave, without the refresh per report. A bundled report that fails to import is a
 * bug of ours, so it stops the start-up (after refreshing what was stored).
 */
export async function ensureBundledReports(dataSource: DataSource): Promise<ImportResult[]> {
  const entries = bundledInLoadOrder().map((entry) => {
    const content = readFileSync(path.join(BUNDLED_DIR, entry.file));
    return { entry, content, hash: createHash('sha256').update(content).digest('hex') };
  });
  const stored = new Set(
    (
      await dataSource
        .getRepository(ReportEntity)
        .createQueryBuilder('r')
        .select('r.content_hash', 'hash')
        .where(
          ...anyOf(
            dataSource,
            'r.content_hash',
            'hashes',
            entries.map((e) => e.hash),
          ),
        )
        .getRawMany<{ hash: string }>()
    ).map((r) => r.hash),
  );
  const pending = entries.filter((e) => !stored.has(e.hash));
  if (pending.length === 0) return [];

  const store = new ReportStoreService(dataSource);
  const importer = ReportImportService.forDatabase(dataSource, store);
  const results: ImportResult[] = [];
  try {
    for (const { entry, content } of pending) {
      results.push(
        await importer.importReport(
          { content, fileName: entry.file },
          {
            sourceUrl: entry.sourceUrl ?? undefined,
            jurisdiction: entry.jurisdiction,
            scope: entry.scope,
            scopeGivenBy: 'the bundled manifest',
          },
          { refresh: false, author: { actor: 'bundled' } },
        ),
      );
    }
  } finally {
    // Also the years whose reports this load settled across years (the same organ, so the same jurisdiction).
    await store.refresh(
      results.flatMap((r) =>
        [r.year, ...r.settledAcrossYears.map((s) => s.year)].map((year) => ({ jurisdictionCode: r.jurisdiction, year })),
      ),
    );
  }
  return results;
}
