import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { FieldChange } from '../curation/audit.entity';
import { reasonProblem, yearContradiction, type MetadataField } from '../curation/curation.rules';
import { BadUserInputError, CurationRejectedError, ImportRejectedError } from '../errors';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';
import { loadDivisions } from '../jurisdictions/division.catalog';
import { isFunctionalZone } from '../jurisdictions/functional-zone';
import { loadJurisdictionAliases } from '../jurisdictions/jurisdiction-alias.catalog';
import { OrganNameMatcher, type Candidate, type JurisdictionRow } from '../jurisdictions/organ-name.matcher';
import { checkConsistency, type ConsistencyCheck } from '../reports/consistency';
import { checkJurisdictionCode, checkOrganName, checkSourceUrl, checkYear } from '../validation';
import type { FormatVersion, MissingPart, OrganKind, ReportScope } from '../reports/report-terms';
import type { ParsedCell, ParsedReport } from './parsers/parsed-report';
import { organKindOf } from './parsers/report-metadata';
import { parseReport } from './parsers/report.parser';
import { ReportStoreService, type ChangeAuthor, type ReportToStore, type StoreOutcome } from './report-store.service';

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
  /** Who gave `scope`, as the evidence names it: `--scope` (CLI), `` `scope` `` (mutation), the bundled manifest. */
  scopeGivenBy?: string;
  sourceUrl?: string;
  /** Generated test data: kept apart from real reports. */
  synthetic?: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  refresh?: boolean;
  author?: ChangeAuthor;
}

export interface ImportResult {
  file: string | null;
  jurisdiction: string;
  jurisdictionName: string;
  year: number;
  organ: string;
  organKind: OrganKind;
  scope: ReportScope;
  /** The sentence that decided the scope, or who gave it (`given by --scope SUMMARY`); null when nothing did (OWN by default). */
  scopeEvidence: string | null;
  formatVersion: FormatVersion | null;
  observations: ParsedCell[];
  consistency: ConsistencyCheck[];
  missing: MissingPart[];
  warnings: string[];
  /** Cells of ambiguous splits that the same organ's stored neighbouring years settled, in this report or in theirs. */
  settledAcrossYears: { reportId: number; year: number; by: number[]; indicators: string[] }[];
  /** Where the report was published, as stored. */
  sourceUrl: string | null;
  /** CORRECTED: the metadata the import changed on the stored report of the same content. */
  changes: FieldChange[];
  /** The reports this import superseded: the organ and year's previous revision, the reports corrected. */
  supersededIds: number[];
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
  private matcher: Promise<{ matcher: OrganNameMatcher; rows: Map<string, JurisdictionRow> }> | null = null;

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

  /**
   * `refresh: false`: a bulk load that refreshes the roll-ups once at its end (ReportStoreService.refresh).
   * `author`: who imports and why, for the audit log; `author.force` stores what a guard refuses (an
   * override contradicting the text, a revision losing most values), and then needs `author.reason`.
   */
  async importReport(input: ImportInput, overrides: ImportOverrides = {}, options: ImportOptions = {}): Promise<ImportResult> {
    if (overrides.jurisdiction !== undefined) checkJurisdictionCode(overrides.jurisdiction, 'jurisdiction');
    if (overrides.year !== undefined) checkYear(overrides.year);
    if (overrides.sourceUrl !== undefined) checkSourceUrl(overrides.sourceUrl);
    if (overrides.organ !== undefined) checkOrganName(overrides.organ);
    const author = options.author ?? { actor: 'system' };
    const problem = reasonProblem(author, false);
    if (problem) throw new BadUserInputError(`${problem}: --reason (CLI) or \`reason\` (mutation).`, { argument: 'reason' });
    const parsed = await parseReport(input);
    if (!isReport(parsed)) {
      throw new ImportRejectedError(
        'NOT_A_REPORT',
        "The text carries none of the format's tables or figures, and is not titled as an organ's annual report of a year: not a report (overrides do not make it one). Check the file.",
      );
    }
    const settled = await this.settle(parsed, overrides, author.force === true);
    const scope = settleScope(parsed, overrides);
    const consistency = checkConsistency(valuesOf(parsed.observations));
    const result: ImportResult = {
      file: input.fileName ?? null,
      ...settled,
      ...scope.settled,
      formatVersion: parsed.formatVersion,
      observations: parsed.observations,
      consistency,
      missing: parsed.missing,
      warnings: [...parsed.warnings, ...settled.warnings, ...scope.warnings],
      settledAcrossYears: [],
      sourceUrl: overrides.sourceUrl ?? null,
      changes: [],
      supersededIds: [],
      outcome: 'DRY_RUN',
      reportId: null,
      revision: null,
    };
    if (options.dryRun) return result;
    if (!this.store) throw new Error('this importer has no database: use it for dry runs only');
    const toStore: ReportToStore = {
      jurisdictionCode: settled.jurisdiction,
      year: settled.year,
      organ: settled.organ,
      organKind: settled.organKind,
      scope: result.scope,
      scopeEvidence: result.scopeEvidence,
      formatVersion: parsed.formatVersion,
      sourceUrl: overrides.sourceUrl ?? null,
      contentHash: createHash('sha256').update(input.content).digest('hex'),
      observations: parsed.observations,
      missing: parsed.missing,
      synthetic: overrides.synthetic,
    };
    const stored = await this.store.store(toStore, {
      refresh: options.refresh,
      given: givenFields(overrides),
      author: { ...author, file: author.file ?? input.fileName ?? null },
    });
    const acrossYears = stored.settledAcrossYears.map((s) =>
      s.reportId === stored.report.id
        ? `${s.cells.length} cell(s) of an ambiguous split settled by the same organ's ${s.by.join(' and ')} report(s): ${s.cells.map((c) => `${c.indicator}=${c.value}`).join(', ')}`
        : `this report settled ${s.cells.length} cell(s) of the organ's ${s.year} report (#${s.reportId}): ${s.cells.map((c) => `${c.indicator}=${c.value}`).join(', ')}`,
    );
    // The report as stored: the same content stored before answers with what is stored (corrected metadata included).
    const report = stored.report;
    const { rows } = await this.hierarchy();
    if (
      stored.outcome === 'UNCHANGED' &&
      (report.year !== toStore.year || report.jurisdictionCode !== toStore.jurisdictionCode || report.scope !== toStore.scope)
    ) {
      result.warnings.push(
        `this content is stored as report ${report.id} (${report.jurisdictionCode} ${report.organ} ${report.year} ${report.scope}): what is stored stands; give the metadata to change with the import, or correct it with \`reports set\` / \`updateReport\``,
      );
    }
    return {
      ...result,
      jurisdiction: report.jurisdictionCode,
      jurisdictionName: rows.get(report.jurisdictionCode)?.name ?? result.jurisdictionName,
      year: report.year,
      organ: report.organ,
      organKind: report.organKind as OrganKind,
      scope: report.scope as ReportScope,
      scopeEvidence: report.scopeEvidence,
      sourceUrl: report.sourceUrl,
      changes: stored.changes,
      supersededIds: [...(stored.superseded ? [stored.superseded.id] : []), ...stored.corrected.map((r) => r.id)].filter(
        (id, i, all) => all.indexOf(id) === i,
      ),
      observations: stored.observations,
      missing: stored.missing,
      consistency: checkConsistency(valuesOf(stored.observations)),
      warnings: [...result.warnings, ...acrossYears],
      settledAcrossYears: stored.settledAcrossYears.map((s) => ({
        reportId: s.reportId,
        year: s.year,
        by: s.by,
        indicators: s.cells.map((c) => c.indicator),
      })),
      outcome: stored.outcome,
      reportId: stored.report.id,
      revision: stored.report.revision,
    };
  }

  private async settle(parsed: ParsedReport, overrides: ImportOverrides, force: boolean) {
    const { matcher, rows } = await this.hierarchy();
    const warnings: string[] = [];
    const organ = overrides.organ ?? parsed.organ;
    if (!organ) {
      throw new ImportRejectedError(
        'UNKNOWN_ORGAN',
        'The reporting organ could not be read from the report: give it with --organ (CLI) or `organ` (mutation).',
      );
    }
    if (overrides.jurisdiction !== undefined && !rows.has(overrides.jurisdiction)) throw unknownJurisdiction(overrides.jurisdiction);
    const contradictions = [
      yearContradiction(parsed.year, overrides.year),
      overrides.jurisdiction === undefined ? null : await this.jurisdictionContradiction(organ, overrides.jurisdiction),
    ].filter((c) => c !== null);
    if (contradictions.length > 0) {
      if (!force) {
        throw new CurationRejectedError(
          'OVERRIDE_CONTRADICTS_TEXT',
          `${contradictions.join('; ')}. Check the override; if the report's own text is wrong, give --force with --reason (CLI) or \`force\` with \`reason\` (mutation).`,
          { contradictions },
        );
      }
      warnings.push(...contradictions.map((c) => `forced: ${c}`));
    }
    let jurisdiction = overrides.jurisdiction;
    if (jurisdiction === undefined) {
      const match = matcher.match(organ);
      if (match === null) {
        throw new ImportRejectedError(
          'UNKNOWN_JURISDICTION',
          `No jurisdiction of the hierarchy is named in the organ "${organ}": give its six-digit code with --jurisdiction (CLI) or \`jurisdiction\` (mutation).`,
        );
      }
      if ('misspelt' in match) {
        throw new ImportRejectedError(
          'UNKNOWN_JURISDICTION',
          `The organ "${organ}" names "${match.misspelt}", which is not a jurisdiction of the hierarchy: did you mean ${listCandidates(match.candidates)}? ` +
            'Give the six-digit code with --jurisdiction (CLI) or `jurisdiction` (mutation).',
          { unknownName: match.misspelt, candidates: match.candidates.slice(0, 10) },
        );
      }
      if ('ambiguous' in match) {
        throw new ImportRejectedError(
          'AMBIGUOUS_JURISDICTION',
          `The organ "${organ}" could be in several jurisdictions (${listCandidates(match.ambiguous)}): give the code with --jurisdiction (CLI) or \`jurisdiction\` (mutation).`,
          { candidates: match.ambiguous.slice(0, 10) },
        );
      }
      jurisdiction = match.code;
      if (match.unnamedZone) {
        warnings.push(
          `The organ names ${match.unnamedZone}, a functional zone without a GB/T 2260 code of its own: filed under ${match.code} ${match.name}; give --jurisdiction (CLI) or \`jurisdiction\` (mutation) if that is wrong.`,
        );
      }
    }
    checkOrganName(organ);
    const row = rows.get(jurisdiction);
    if (!row) throw unknownJurisdiction(jurisdiction);
    const year = overrides.year ?? parsed.year;
    if (year === null || year === undefined) {
      throw new ImportRejectedError(
        'UNKNOWN_YEAR',
        'The year reported on could not be read from the report title: give it with --year (CLI) or `year` (mutation).',
      );
    }
    checkYear(year);
    if (isFunctionalZone(row)) {
      const parent = row.parentCode ? rows.get(row.parentCode)?.name : null;
      warnings.push(
        `${row.code} ${row.name} is a functional zone (功能区) of ${parent ?? 'its province'}, listed at county level by GB/T 2260, not a county.`,
      );
    }
    return {
      jurisdiction,
      jurisdictionName: row.name,
      year,
      organ,
      organKind: overrides.organKind ?? organKindOf(organ),
      warnings,
    };
  }

  /**
   * Where the organ's name points elsewhere than `code`: the contradiction, stated, or null. A name that
   * names no place, or one the hierarchy does not know for certain, contradicts nothing; a name of a
   * functional zone without a code of its own takes any code inside the jurisdiction it is filed under.
   */
  async jurisdictionContradiction(organ: string, code: string): Promise<string | null> {
    const { matcher, rows } = await this.hierarchy();
    const match = matcher.match(organ);
    if (match === null || !('code' in match) || match.code === code) return null;
    if (match.unnamedZone) {
      for (let row = rows.get(code); row; row = row.parentCode ? rows.get(row.parentCode) : undefined)
        if (row.code === match.code) return null;
    }
    return `the organ "${organ}" is in ${match.code} ${match.name}, not in ${code} ${rows.get(code)?.name ?? '(not a code of the hierarchy)'}`;
  }

  /** The name of a jurisdiction of the hierarchy, or null when the code is not one. */
  async jurisdictionName(code: string): Promise<string | null> {
    return (await this.hierarchy()).rows.get(code)?.name ?? null;
  }

  /** The hierarchy is reference data: read once per service. */
  private hierarchy() {
    this.matcher ??= this.hierarchySource().then((rows) => ({
      matcher: new OrganNameMatcher(rows, loadJurisdictionAliases(rows)),
      rows: new Map(rows.map((r) => [r.code, r])),
    }));
    return this.matcher;
  }
}

function unknownJurisdiction(code: string): BadUserInputError {
  return new BadUserInputError(
    `jurisdiction "${code}" is not a code of the hierarchy: look it up with the \`jurisdictions(search: …)\` query.`,
    { argument: 'jurisdiction' },
  );
}

/** `321322 沭阳县 (宿迁市)`, the first five, and how many more. */
function listCandidates(candidates: Candidate[]): string {
  const shown = candidates
    .slice(0, 5)
    .map((c) => `${c.code} ${c.name}${c.parentName ? ` (${c.parentName})` : ''}${c.alias ? ` as ${c.alias}` : ''}`);
  return shown.join(', ') + (candidates.length > 5 ? ` or ${candidates.length - 5} more` : '');
}

/** The scope given wins over the text's; the text's own decision is kept in a warning where it disagrees. */
function settleScope(
  parsed: ParsedReport,
  overrides: ImportOverrides,
): { settled: { scope: ReportScope; scopeEvidence: string | null }; warnings: string[] } {
  const read = { scope: parsed.scope ?? 'OWN', scopeEvidence: parsed.scopeEvidence };
  if (overrides.scope === undefined) return { settled: read, warnings: [] };
  const givenBy = `given by ${overrides.scopeGivenBy ?? "the importer's caller"} ${overrides.scope}`;
  const warnings =
    read.scope !== overrides.scope && read.scopeEvidence !== null
      ? [`scope ${givenBy}, although the text says ${read.scope}: «${read.scopeEvidence}»`]
      : [];
  return { settled: { scope: overrides.scope, scopeEvidence: givenBy }, warnings };
}

function valuesOf(cells: readonly ParsedCell[]): Map<string, number | null> {
  return new Map(cells.map((o) => [o.indicator, o.status === 'VALUE' ? o.value : null]));
}

/** The metadata an import's overrides give: on content already stored, those that differ correct it. */
function givenFields(overrides: ImportOverrides): MetadataField[] {
  const given: [MetadataField, unknown][] = [
    ['jurisdiction', overrides.jurisdiction],
    ['year', overrides.year],
    ['organ', overrides.organ],
    ['organKind', overrides.organKind],
    ['scope', overrides.scope],
    ['sourceUrl', overrides.sourceUrl],
  ];
  return given.filter(([, value]) => value !== undefined).map(([field]) => field);
}

/**
 * Whether a parsed text is a report: it carries some of the format's tables or figures, or it is titled,
 * on a line of its own, as an organ's annual report of a year (a report page whose body is an image or
 * an attachment: kept, with every table declared missing). Overrides play no part: they cannot make a
 * notice, a listing or an empty page a report.
 */
function isReport(parsed: ParsedReport): boolean {
  return parsed.observations.length > 0 || (parsed.titleStandsAlone === true && parsed.organ !== null && parsed.year !== null);
}
