import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../paths';
import { ReportEntity } from '../reports/report.entity';
import type { ReportScope } from './parsers/parsed-report';
import { ReportImportService, type ImportResult } from './report-import.service';

export const BUNDLED_DIR = path.join(PROJECT_ROOT, 'src', 'ingestion', 'bundled');

interface ManifestEntry {
  file: string;
  sourceUrl: string | null;
  jurisdiction?: string;
  scope?: ReportScope;
}

export function readManifest(): ManifestEntry[] {
  return (JSON.parse(readFileSync(path.join(BUNDLED_DIR, 'manifest.json'), 'utf8')) as { reports: ManifestEntry[] }).reports;
}

/**
 * Imports the bundled real reports through the importer when the database holds no real report yet
 * (first start). A bundled report that fails to import is a bug of ours, so it stops the start-up.
 */
export async function ensureBundledReports(dataSource: DataSource): Promise<ImportResult[]> {
  const real = await dataSource.getRepository(ReportEntity).countBy({ synthetic: false });
  if (real > 0) return [];
  const importer = ReportImportService.forDatabase(dataSource);
  const results: ImportResult[] = [];
  for (const entry of readManifest()) {
    const content = readFileSync(path.join(BUNDLED_DIR, entry.file));
    results.push(
      await importer.importReport(
        { content, fileName: entry.file },
        { sourceUrl: entry.sourceUrl ?? undefined, jurisdiction: entry.jurisdiction, scope: entry.scope, scopeGivenBy: 'the bundled manifest' },
      ),
    );
  }
  return results;
}
