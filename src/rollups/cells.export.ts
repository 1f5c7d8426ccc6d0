import { stringify } from 'csv-stringify/sync';
import type { Express, Request, Response } from 'express';
import type { Config } from '../config';
import type { Services } from '../context';
import { isDatabaseUnavailable } from '../data-source';
import { BadUserInputError, DatabaseUnavailableError, isExpectedError, LimitExceededError } from '../errors';
import type { AdmissionGate } from '../http/admission';
import { arrivalOf, durationOf } from '../http/arrival';
import { MAX_TEXT_LENGTH, type PricingReference } from '../http/query-cost';
import { RequestDeadline } from '../http/query-limits.plugin';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import type { Logger } from '../logger';
import { CELLS_CSV_HEADER, cellsCsvRows } from './cells.csv';
import type { CellsArgs } from './cells.service';
import { exportCost } from './rollup.costs';
import type { ReportIssue } from './cell-quality';
import type { Measure } from './rollup.reader';

export const CELLS_CSV_PATH = '/export/cells.csv';

const MEASURES = ['OWN', 'REPORTED', 'ROLLUP', 'BEST'];
const ISSUES = ['FAILED_CHECKS', 'MISSING_PARTS'];
const LEVELS = ['PROVINCE', 'PREFECTURE', 'COUNTY'];

/** The query string of the export mirrors the `cells` arguments: lists are comma-separated. */
export function cellsArgsFromQuery(query: Request['query']): CellsArgs {
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new BadUserInputError(`${name} must be given once.`, { argument: name });
    return value;
  };
  const list = (name: string) =>
    text(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const year = (name: string) => {
    const raw = text(name);
    if (raw === undefined || !/^\d{4}$/.test(raw))
      throw new BadUserInputError(`${name} must be a four-digit year, e.g. ${name}=2022.`, { argument: name });
    return Number(raw);
  };
  const measure = text('measure') ?? 'OWN';
  if (!MEASURES.includes(measure)) throw new BadUserInputError(`measure must be one of ${MEASURES.join(', ')}.`, { argument: 'measure' });
  const level = text('level');
  if (level !== undefined && !LEVELS.includes(level))
    throw new BadUserInputError(`level must be one of ${LEVELS.join(', ')}.`, { argument: 'level' });
  const indicators = list('indicators') ?? [];
  const exclude = list('exclude') ?? [];
  const unknown = exclude.filter((e) => !ISSUES.includes(e));
  if (unknown.length > 0)
    throw new BadUserInputError(`exclude takes ${ISSUES.join(', ')} (comma-separated), got ${unknown.join(', ')}.`, {
      argument: 'exclude',
    });
  return {
    jurisdictions: {
      codes: list('jurisdictions'),
      childrenOf: text('childrenOf'),
      descendantsOf: text('descendantsOf'),
      level: level as JurisdictionLevel | undefined,
    },
    indicators,
    years: { from: year('from'), to: year('to') },
    measure: measure as Measure,
    aggregateYears: text('aggregateYears') === 'true',
    exclude: exclude as ReportIssue[],
  };
}

/** `decimals=N`: ratios rounded to N decimals for display (0–12); absent: full precision. */
export function decimalsFromQuery(query: Request['query']): number | null {
  const raw = query.decimals;
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^\d{1,2}$/.test(raw) || Number(raw) > 12)
    throw new BadUserInputError('decimals must be a whole number from 0 to 12, e.g. decimals=3.', { argument: 'decimals' });
  return Number(raw);
}

/**
 * Text a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) gets a leading apostrophe, as OWASP's CSV-injection guidance recommends: the cell then shows
 * the text as written. Numbers are written as numbers and left alone.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The export's query parameters are text arguments like any other: no NUL, bounded length. */
function checkQueryText(query: Request['query']): void {
  for (const [name, value] of Object.entries(query)) {
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text !== 'string') continue;
      if (text.includes('\u0000')) throw new BadUserInputError(`${name} contains a NUL character (U+0000): remove it.`, { argument: name });
      if (text.length > MAX_TEXT_LENGTH)
        throw new BadUserInputError(
          `${name} is ${text.length.toLocaleString('en')} characters long; at most ${MAX_TEXT_LENGTH.toLocaleString('en')} are accepted.`,
          { argument: name },
        );
    }
  }
}

export interface ExportOptions {
  services: Services;
  config: Config;
  logger: Logger;
  reference: PricingReference;
  gate: AdmissionGate;
}

/**
 * `GET /export/cells.csv?…`: the `cells` request as CSV for researchers. UTF-8 with a byte-order mark,
 * so Excel opens the Chinese labels correctly. It holds to the limits of a GraphQL request: its cost
 * (the cells, the values read and every source report listed) within OGI_MAX_COST before anything
 * runs, a place among the expensive requests when it is one, the time limit between chunks, the
 * answer size; and it is logged with its real duration.
 */
export function mountCellsExport(app: Express, options: ExportOptions): void {
  const { services, config, logger, reference, gate } = options;
  app.get(CELLS_CSV_PATH, async (req: Request, res: Response) => {
    const deadline = new RequestDeadline(config.requestTimeoutMs, undefined, arrivalOf(req));
    let release: (() => void) | null = null;
    let cells = 0;
    let errorCodes: unknown[] | undefined;
    try {
      checkQueryText(req.query);
      const args = cellsArgsFromQuery(req.query);
      // The export takes no `organsOf`: its selectors are the hierarchy's.
      const cost = exportCost(args, { reference, organs: () => 0 });
      if (cost > config.maxCost) {
        throw new LimitExceededError(
          'QUERY_TOO_COSTLY',
          `This export's cost is ${cost.toLocaleString('en')} (its cells, the values read and the source reports listed for each); the limit is ${config.maxCost.toLocaleString('en')} (OGI_MAX_COST). ` +
            'Export fewer jurisdictions, indicators or years at a time.',
          { cost, limit: config.maxCost, http: { status: 400 } },
        );
      }
      if (cost >= config.expensiveCost) release = await gate.enter(req.socket.remoteAddress ?? 'unknown', deadline.remaining());
      const decimals = decimalsFromQuery(req.query);
      const computation = await services.cells.plan(args, config.maxCells, deadline);
      const computed = await computation.cells();
      cells = computed.length;
      deadline.check();
      const rows = (await cellsCsvRows(services.reports, computation, computed, { decimals })).map((row) =>
        row.map((field) => (typeof field === 'string' ? neutraliseFormula(field) : field)),
      );
      deadline.check();
      const body = `\uFEFF${stringify([CELLS_CSV_HEADER, ...rows])}`;
      const bytes = Buffer.byteLength(body, 'utf8');
      if (bytes > config.maxResponseBytes) {
        throw new LimitExceededError(
          'RESPONSE_TOO_LARGE',
          `The export is ${bytes.toLocaleString('en')} bytes long; the limit is ${config.maxResponseBytes.toLocaleString('en')} (OGI_MAX_RESPONSE_BYTES). Export less at a time.`,
          {
            bytes,
            limit: config.maxResponseBytes,
            http: { status: 400 },
          },
        );
      }
      res.type('text/csv; charset=utf-8').attachment('cells.csv').send(body);
    } catch (error) {
      const unavailable = !isExpectedError(error) && isDatabaseUnavailable(error);
      const known = isExpectedError(error)
        ? error
        : unavailable
          ? new DatabaseUnavailableError('The database did not answer in time: try again later.')
          : null;
      if (unavailable)
        logger.error('database unavailable', { path: CELLS_CSV_PATH, error: error instanceof Error ? error.message : String(error) });
      else if (!known) logger.error('unexpected error in CSV export', { error: error instanceof Error ? error.stack : String(error) });
      const { http, ...extensions } = (known?.extensions ?? { code: 'INTERNAL_SERVER_ERROR' }) as {
        http?: { status?: number; headers?: Map<string, string> };
      } & Record<string, unknown>;
      errorCodes = [extensions.code];
      const status = known ? (http?.status ?? 400) : 500;
      for (const [name, value] of http?.headers ?? []) res.set(name, value);
      res
        .status(status)
        .set('cache-control', 'no-store')
        .json({ errors: [{ message: known ? known.message : 'Internal server error: it has been logged.', extensions }] });
    } finally {
      release?.();
      logger.info('export request', {
        path: CELLS_CSV_PATH,
        status: res.statusCode,
        durationMs: durationOf(req),
        cells,
        outcome: errorCodes ? 'error' : 'ok',
        errorCodes,
      });
    }
  });
}
