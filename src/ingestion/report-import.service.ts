import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BadUserInputError, ImportRejectedError } from '../errors';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';
import { loadDivisions } from '../jurisdictions/division.catalog';
import { OrganNameMatcher, type JurisdictionRow } from '../jurisdictions/organ-name.matcher';
import { checkConsistency, type ConsistencyCheck } from '../reports/consistency';
import { checkJurisdictionCode, checkYear } from '../validation';
import type { FormatVersion, MissingPart, OrganKind, ParsedCell, ParsedReport, ReportScope } from './parsers/parsed-report';
import { parseReport } from './parsers/report.parser';
import { ReportStoreService, type StoreOutcome } from './report-store.service';

export interface ImportInput {
  content: Buffer;
  /** MIME type when known (`text/html`, `application/pdf` …); the content is sniffed otherwise. */
  contentType?: string;
  fileName?: string;
}

/** Metadata given by the user; each wins over what the parser read from the report. */
export interface ImportOverrides {
  jurisdiction?: string;
  year?: number;
  organ?: string;
  organKind?: OrganKind;
  scope?: ReportScope;
  sourceUrl?: string;
  /** Generated test data: kept apart from real reports. */
  synthetic?: boolean;
}

export interface ImportResult {
  file: string | null;
  jurisdiction: string;
  jurisdictionName: string;
  year: number;
  organ: string;
  organKind: OrganKind;
  scope: ReportScope;
  formatVersion: FormatVersion | null;
  observations: ParsedCell[];
  consistency: ConsistencyCheck[];
  missing: MissingPart[];
  warnings: string[];
  /** DRY_RUN when nothing was stored. */
  outcome: StoreOutcome | 'DRY_RUN';
  reportId: number | null;
  revision: number | null;
}

/**
 * Turns one report file into stored observations: parse, settle the metadata (overrides, else what the
 * report says, resolved through the hierarchy), then store all or nothing. Rejections are
 * ImportRejectedErrors with stable codes and nothing stored.
 */
export class ReportImportService {
  private matcher: Promise<{ matcher: OrganNameMatcher; names: Map<string, string> }> | null = null;

  /** `store` null: an importer for dry runs that touches no database (the hierarchy comes from the data package). */
  constructor(
    private readonly hierarchySource: () => Promise<JurisdictionRow[]>,
    private readonly store: ReportStoreService | null,
  ) {}

  static forDatabase(dataSource: DataSource, store = new ReportStoreService(dataSource)): ReportImportService {
    return new ReportImportService(
      () => dataSource.getRepository(JurisdictionEntity).find({ select: { code: true, name: true, level: true, parentCode: true } }),
      store,
    );
  }

  static offline(): ReportImportService {
    return new ReportImportService(async () => loadDivisions(), null);
  }

  /** `refresh: false`: a bulk load that refreshes the roll-ups once at its end (ReportStoreService.refresh). */
  async importReport(input: ImportInput, overrides: ImportOverrides = {}, options: { dryRun?: boolean; refresh?: boolean } = {}): Promise<ImportResult> {
    if (overrides.jurisdiction !== undefined) checkJurisdictionCode(overrides.jurisdiction, 'jurisdiction');
    if (overrides.year !== undefined) checkYear(overrides.year);
    const parsed = await parseReport(input);
    const settled = await this.settle(parsed, overrides);
    const consistency = checkConsistency(new Map(parsed.observations.map((o) => [o.indicator, o.status === 'VALUE' ? o.value : null])));
    const result: ImportResult = {
      file: input.fileName ?? null,
      ...settled,
      formatVersion: parsed.formatVersion,
      observations: parsed.observations,
      consistency,
      missing: parsed.missing,
      warnings: parsed.warnings,
      outcome: 'DRY_RUN',
      reportId: null,
      revision: null,
    };
    if (options.dryRun) return result;
    if (!this.store) throw new Error('this importer has no database: use it for dry runs only');

    const stored = await this.store.store({
      jurisdictionCode: settled.jurisdiction,
      year: settled.year,
      organ: settled.organ,
      organKind: settled.organKind,
      scope: settled.scope,
      formatVersion: parsed.formatVersion,
      sourceUrl: overrides.sourceUrl ?? null,
      contentHash: createHash('sha256').update(input.content).digest('hex'),
      observations: parsed.observations,
      missing: parsed.missing,
      synthetic: overrides.synthetic,
    }, { refresh: options.refresh });
    return { ...result, outcome: stored.outcome, reportId: stored.report.id, revision: stored.report.revision };
  }

  private async settle(parsed: ParsedReport, overrides: ImportOverrides) {
    const { matcher, names } = await this.hierarchy();
    const organ = overrides.organ ?? parsed.organ;
    if (!organ) {
      throw new ImportRejectedError('UNKNOWN_ORGAN', 'The reporting organ could not be read from the report: give it with --organ (CLI) or `organ` (mutation).');
    }
    let jurisdiction = overrides.jurisdiction;
    if (jurisdiction === undefined) {
      const match = matcher.match(organ);
      if (match === null) {
        throw new ImportRejectedError('UNKNOWN_JURISDICTION', `No jurisdiction of the hierarchy is named in the organ "${organ}": give its six-digit code with --jurisdiction (CLI) or \`jurisdiction\` (mutation).`);
      }
      if ('ambiguous' in match) {
        const options = match.ambiguous.map((m) => `${m.code} ${m.name}`).join(', ');
        throw new ImportRejectedError('AMBIGUOUS_JURISDICTION', `The organ "${organ}" could be in several jurisdictions (${options}): give the code with --jurisdiction (CLI) or \`jurisdiction\` (mutation).`);
      }
      jurisdiction = match.code;
    }
    const jurisdictionName = names.get(jurisdiction);
    if (!jurisdictionName) {
      throw new BadUserInputError(`jurisdiction "${jurisdiction}" is not a code of the hierarchy: look it up with the \`jurisdictions(search: …)\` query.`, { argument: 'jurisdiction' });
    }
    const year = overrides.year ?? parsed.year;
    if (year === null || year === undefined) {
      throw new ImportRejectedError('UNKNOWN_YEAR', 'The year reported on could not be read from the report title: give it with --year (CLI) or `year` (mutation).');
    }
    checkYear(year);
    return {
      jurisdiction,
      jurisdictionName,
      year,
      organ,
      organKind: overrides.organKind ?? parsed.organKind ?? guessOrganKind(organ),
      scope: overrides.scope ?? parsed.scope ?? 'OWN',
    };
  }

  /** The hierarchy is reference data: read once per service. */
  private hierarchy() {
    this.matcher ??= this.hierarchySource().then((rows) => ({ matcher: new OrganNameMatcher(rows), names: new Map(rows.map((r) => [r.code, r.name])) }));
    return this.matcher;
  }
}

/** A government speaks through its 人民政府, 办公厅/办公室 or 管委会; any other organ is a department. */
function guessOrganKind(organ: string): OrganKind {
  return /人民政府(办公厅|办公室)?$|管委会$|管理委员会$/.test(organ) ? 'GOVERNMENT' : 'DEPARTMENT';
}
