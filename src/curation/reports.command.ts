import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { createDataSource } from '../data-source';
import { BadUserInputError, isExpectedError, NotFoundError } from '../errors';
import { ensureReferenceData } from '../ingestion/reference-data.loader';
import { ReportImportService } from '../ingestion/report-import.service';
import { ReportStoreService } from '../ingestion/report-store.service';
import { ObservationEntity } from '../observations/observation.entity';
import type { ReportEntity } from '../reports/report.entity';
import { ReportService } from '../reports/report.service';
import { AuditService, type AuditEntryRow } from './audit.service';
import { CurationService, type Correction, type CurationResult } from './curation.service';

export const REPORTS_USAGE = `npm run ogi -- reports <command> …

  list [--jurisdiction CODE] [--year YYYY] [--withdrawn] [--all] [--json]
        current reports (with --withdrawn also withdrawn ones, with --all every revision)
  show ID [--json]
        one report: its metadata, status, values, missing parts and history (the audit entries of its lineage)
  set ID [--scope OWN|SUMMARY] [--year YYYY] [--jurisdiction CODE] [--organ NAME] [--source-url URL]
        --reason TEXT [--force] [--json]
        corrects the fields given: a new revision with the same observations supersedes the report
  withdraw ID --reason TEXT [--json]
        the report stays stored but answers nothing (no OWN/REPORTED value, no roll-up, organ list or coverage)
  restore ID --reason TEXT [--json]
        a withdrawn report answers again
  audit [--report ID] [--first N] [--json]
        the audit log, newest first (only entries about one report with --report)

  Changes are recorded in the audit log as made by "cli", with the reason. Exit status: 0 when done
  (or nothing to change), 1 when refused (the code and what to do are printed), 2 on bad arguments.`;

/** What the commands use, on the configured database. */
interface Services {
  reports: ReportService;
  curation: CurationService;
  audit: AuditService;
  dataSource: DataSource;
}

async function open(): Promise<{ services: Services; close(): Promise<void> }> {
  const config = loadConfig();
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await ensureReferenceData(dataSource);
  const store = new ReportStoreService(dataSource);
  const imports = ReportImportService.forDatabase(dataSource, store);
  return {
    services: {
      reports: new ReportService(dataSource),
      curation: new CurationService(dataSource, store, imports),
      audit: new AuditService(dataSource),
      dataSource,
    },
    close: () => dataSource.destroy(),
  };
}

const OPTIONS = {
  jurisdiction: { type: 'string' },
  year: { type: 'string' },
  organ: { type: 'string' },
  scope: { type: 'string' },
  'source-url': { type: 'string' },
  reason: { type: 'string' },
  force: { type: 'boolean', default: false },
  withdrawn: { type: 'boolean', default: false },
  all: { type: 'boolean', default: false },
  report: { type: 'string' },
  first: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Options each command takes (others are refused, so a mistyped command is not run with a flag ignored). */
const ALLOWED: Record<string, string[]> = {
  list: ['jurisdiction', 'year', 'withdrawn', 'all', 'json'],
  show: ['json'],
  set: ['jurisdiction', 'year', 'organ', 'scope', 'source-url', 'reason', 'force', 'json'],
  withdraw: ['reason', 'json'],
  restore: ['reason', 'json'],
  audit: ['report', 'first', 'json'],
};

const ID_ARGUMENT: Record<string, boolean> = { list: false, show: true, set: true, withdraw: true, restore: true, audit: false };

export async function runReports(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !(command in ALLOWED)) {
    console.error(REPORTS_USAGE);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let id: number | undefined;
  try {
    const parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS, strict: true });
    values = parsed.values;
    const unexpected = Object.keys(values).filter((k) => values[k] !== undefined && values[k] !== false && !ALLOWED[command].includes(k));
    if (unexpected.length > 0) throw new Error(`reports ${command} takes no ${unexpected.map((k) => `--${k}`).join(', ')}`);
    if (ID_ARGUMENT[command]) {
      if (parsed.positionals.length !== 1) throw new Error(`reports ${command} takes one report id`);
      id = reportIdOf(parsed.positionals[0]);
    } else if (parsed.positionals.length > 0) throw new Error(`reports ${command} takes no ${parsed.positionals.join(' ')}`);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${REPORTS_USAGE}`);
    return 2;
  }
  const json = values.json === true;
  const { services, close } = await open();
  try {
    switch (command) {
      case 'list':
        return await list(services, values, json);
      case 'show':
        return await show(services, id as number, json);
      case 'audit':
        return await audit(services, values, json);
      default:
        return printResult(await curate(services, command, id as number, values), json);
    }
  } catch (error) {
    if (!isExpectedError(error)) throw error;
    const code = String(error.extensions.code);
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: error.message } })}\n`);
    console.error(`${code}: ${error.message}`);
    return code === 'BAD_USER_INPUT' ? 2 : 1;
  } finally {
    await close();
  }
}

function reportIdOf(text: string): number {
  if (!/^\d{1,12}$/.test(text)) throw new Error(`a report id is a positive whole number, got "${text}"`);
  return Number(text);
}

async function curate(
  services: Services,
  command: string,
  id: number,
  values: Record<string, string | boolean | undefined>,
): Promise<CurationResult> {
  const reason = values.reason as string | undefined;
  if (command === 'withdraw') return services.curation.withdraw(id, { actor: 'cli', reason });
  if (command === 'restore') return services.curation.restore(id, { actor: 'cli', reason });
  const scope = values.scope as string | undefined;
  if (scope !== undefined && scope !== 'OWN' && scope !== 'SUMMARY')
    throw new BadUserInputError(`--scope must be OWN or SUMMARY, got "${scope}"`, { argument: 'scope' });
  if (values.year !== undefined && !/^\d{4}$/.test(values.year as string))
    throw new BadUserInputError(`--year must be four digits, got "${values.year}"`, { argument: 'year' });
  const correction: Correction = {
    jurisdiction: values.jurisdiction as string | undefined,
    year: values.year === undefined ? undefined : Number(values.year),
    organ: values.organ as string | undefined,
    scope,
    sourceUrl: values['source-url'] as string | undefined,
  };
  return services.curation.correct(id, correction, {
    actor: 'cli',
    reason,
    force: values.force === true,
    scopeGivenBy: 'reports set --scope',
  });
}

function printResult(result: CurationResult, json: boolean): number {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ outcome: result.outcome, report: reportJson(result.report), supersededIds: result.superseded.map((r) => r.id), changes: result.changes, warnings: result.warnings })}\n`,
    );
  }
  const r = result.report;
  const what = {
    CORRECTED: `report ${result.superseded.map((s) => s.id).join(', ')} corrected: report ${r.id} (revision ${r.revision}) now answers`,
    UNCHANGED: `report ${r.id} already says so: nothing changed`,
    WITHDRAWN: `report ${r.id} withdrawn`,
    RESTORED: `report ${r.id} restored`,
  }[result.outcome];
  console.error(`${result.outcome} ${what}: ${describe(r)}`);
  for (const c of result.changes) console.error(`  ${c.field}: ${c.before ?? '—'} → ${c.after ?? '—'}`);
  for (const w of result.warnings) console.error(`  warning: ${w}`);
  return 0;
}

function statusOf(r: ReportEntity): string {
  return r.withdrawnAt ? 'WITHDRAWN' : r.supersededById !== null ? 'SUPERSEDED' : 'CURRENT';
}

function describe(r: ReportEntity): string {
  return `${r.organ} (${r.jurisdictionCode}) ${r.year} ${r.scope}, revision ${r.revision}, ${statusOf(r)}${r.withdrawalReason ? ` «${r.withdrawalReason}»` : ''}`;
}

function reportJson(r: ReportEntity) {
  return {
    id: r.id,
    status: statusOf(r),
    jurisdiction: r.jurisdictionCode,
    year: r.year,
    organ: r.organ,
    organKind: r.organKind,
    scope: r.scope,
    scopeEvidence: r.scopeEvidence,
    formatVersion: r.formatVersion,
    sourceUrl: r.sourceUrl,
    contentHash: r.contentHash,
    revision: r.revision,
    supersededById: r.supersededById,
    importedAt: r.importedAt,
    withdrawnAt: r.withdrawnAt,
    withdrawalReason: r.withdrawalReason,
  };
}

async function valueCounts(services: Services, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await services.dataSource
    .getRepository(ObservationEntity)
    .createQueryBuilder('o')
    .select('o.report_id', 'id')
    .addSelect('COUNT(*)', 'n')
    .where("o.status = 'VALUE'")
    .andWhere('o.report_id IN (:...ids)', { ids })
    .groupBy('o.report_id')
    .getRawMany<{ id: number; n: number }>();
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

async function list(services: Services, values: Record<string, string | boolean | undefined>, json: boolean): Promise<number> {
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !Number.isInteger(year))
    throw new BadUserInputError(`--year must be four digits, got "${values.year}"`, { argument: 'year' });
  const page = await services.reports.list(
    {
      jurisdiction: values.jurisdiction as string | undefined,
      year,
      includeSuperseded: values.all === true,
      includeWithdrawn: values.all === true || values.withdrawn === true,
    },
    1_000_000,
    null,
  );
  const counts = new Map<number, number>();
  for (let i = 0; i < page.items.length; i += 500)
    for (const [k, v] of await valueCounts(
      services,
      page.items.slice(i, i + 500).map((r) => r.id),
    ))
      counts.set(k, v);
  if (json) {
    for (const r of page.items) process.stdout.write(`${JSON.stringify({ ...reportJson(r), values: counts.get(r.id) ?? 0 })}\n`);
    return 0;
  }
  const table = [
    ['id', 'status', 'jurisdiction', 'year', 'organ', 'scope', 'rev', 'values', 'source'],
    ...page.items.map((r) => [
      String(r.id),
      statusOf(r),
      r.jurisdictionCode,
      String(r.year),
      r.organ,
      r.scope,
      String(r.revision),
      String(counts.get(r.id) ?? 0),
      r.sourceUrl ?? '',
    ]),
  ];
  printTable(table);
  console.error(`${page.items.length} report(s)`);
  return 0;
}

async function show(services: Services, id: number, json: boolean): Promise<number> {
  const [report] = await services.reports.findByIds([id]);
  if (!report) throw new NotFoundError(`There is no report ${id}: list them with \`npm run ogi -- reports list\`.`);
  const [observations] = await services.reports.observationsOf([id]);
  const [history] = await services.audit.historyOf([id]);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ ...reportJson(report), observations: observations.map((o) => ({ indicator: o.indicatorCode, value: o.value, status: o.status })), missing: report.missingParts ?? [], history })}\n`,
    );
    return 0;
  }
  const lines = [
    `report ${report.id}: ${describe(report)}`,
    `  organ kind ${report.organKind}, format ${report.formatVersion ?? 'unknown'}, scope evidence ${report.scopeEvidence ?? '—'}`,
    `  source ${report.sourceUrl ?? '—'}, content ${report.contentHash.slice(0, 12)}…, imported ${report.importedAt.toISOString()}`,
    ...(report.supersededById !== null ? [`  superseded by report ${report.supersededById}`] : []),
    ...(report.withdrawnAt ? [`  withdrawn ${report.withdrawnAt.toISOString()}: ${report.withdrawalReason ?? ''}`] : []),
    `  ${observations.filter((o) => o.status === 'VALUE').length} values, ${observations.length} cells, ${(report.missingParts ?? []).length} missing part(s)`,
    'history:',
    ...history.map(entryLine),
  ];
  for (const line of lines) console.log(line);
  return 0;
}

async function audit(services: Services, values: Record<string, string | boolean | undefined>, json: boolean): Promise<number> {
  const first = values.first === undefined ? 50 : Number(values.first);
  if (!Number.isInteger(first) || first < 1)
    throw new BadUserInputError(`--first must be a positive whole number, got "${values.first}"`, { argument: 'first' });
  const filter = values.report === undefined ? {} : { reportId: reportIdOf(values.report as string) };
  const page = await services.audit.list(filter, first, null);
  if (json) {
    for (const entry of page.items) process.stdout.write(`${JSON.stringify(entry)}\n`);
    return 0;
  }
  for (const entry of page.items) console.log(entryLine(entry));
  console.error(`${page.items.length} of ${page.totalCount} entr${page.totalCount === 1 ? 'y' : 'ies'}`);
  return 0;
}

function entryLine(e: AuditEntryRow): string {
  const reports = `${e.reportIdsBefore.length > 0 ? e.reportIdsBefore.join(',') : '—'} → ${e.reportIdsAfter.length > 0 ? e.reportIdsAfter.join(',') : '—'}`;
  const changes = e.changes.map((c) => `${c.field} ${c.before ?? '—'} → ${c.after ?? '—'}`).join(', ');
  return `  #${e.id} ${e.at.toISOString()} ${e.action} by ${e.actor}${e.forced ? ' (forced)' : ''}: reports ${reports}${changes ? `; ${changes}` : ''}${e.file ? `; file ${e.file}` : ''}${e.reason ? `; «${e.reason}»` : ''}`;
}

function printTable(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}
