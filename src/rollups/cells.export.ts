import { stringify } from 'csv-stringify/sync';
import type { Express, Request, Response } from 'express';
import type { Config } from '../config';
import type { Services } from '../context';
import { BadUserInputError, isExpectedError } from '../errors';
import type { JurisdictionLevel } from '../jurisdictions/jurisdiction.entity';
import type { Logger } from '../logger';
import { CELLS_CSV_HEADER, cellsCsvRows } from './cells.csv';
import { planCells, type CellsArgs } from './cells.planner';
import type { ReportIssue } from './cell-quality';
import type { Measure } from './rollup.service';

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
  const list = (name: string) => text(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const year = (name: string) => {
    const raw = text(name);
    if (raw === undefined || !/^\d{4}$/.test(raw)) throw new BadUserInputError(`${name} must be a four-digit year, e.g. ${name}=2022.`, { argument: name });
    return Number(raw);
  };
  const measure = text('measure') ?? 'OWN';
  if (!MEASURES.includes(measure)) throw new BadUserInputError(`measure must be one of ${MEASURES.join(', ')}.`, { argument: 'measure' });
  const level = text('level');
  if (level !== undefined && !LEVELS.includes(level)) throw new BadUserInputError(`level must be one of ${LEVELS.join(', ')}.`, { argument: 'level' });
  const indicators = list('indicators') ?? [];
  const exclude = list('exclude') ?? [];
  const unknown = exclude.filter((e) => !ISSUES.includes(e));
  if (unknown.length > 0) throw new BadUserInputError(`exclude takes ${ISSUES.join(', ')} (comma-separated), got ${unknown.join(', ')}.`, { argument: 'exclude' });
  return {
    jurisdictions: { codes: list('jurisdictions'), childrenOf: text('childrenOf'), descendantsOf: text('descendantsOf'), level: level as JurisdictionLevel | undefined },
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
  if (typeof raw !== 'string' || !/^\d{1,2}$/.test(raw) || Number(raw) > 12) throw new BadUserInputError('decimals must be a whole number from 0 to 12, e.g. decimals=3.', { argument: 'decimals' });
  return Number(raw);
}

/**
 * `GET /export/cells.csv?…`: the `cells` request as CSV for researchers. UTF-8 with a byte-order mark,
 * so Excel opens the Chinese labels correctly.
 */
export function mountCellsExport(app: Express, services: Services, config: Config, logger: Logger): void {
  app.get(CELLS_CSV_PATH, async (req: Request, res: Response) => {
    try {
      const decimals = decimalsFromQuery(req.query);
      const computation = await planCells(services, config, cellsArgsFromQuery(req.query));
      const cells = await computation.cells();
      const rows = await cellsCsvRows(services, computation, cells, { decimals });
      res
        .type('text/csv; charset=utf-8')
        .attachment('cells.csv')
        .send(`\uFEFF${stringify([CELLS_CSV_HEADER, ...rows])}`);
    } catch (error) {
      if (isExpectedError(error)) {
        res.status(400).json({ errors: [{ message: error.message, extensions: error.extensions }] });
        return;
      }
      logger.error('unexpected error in CSV export', { error: error instanceof Error ? error.stack : String(error) });
      res.status(500).json({ errors: [{ message: 'Internal server error: it has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  });
}
