import { stringify } from 'csv-stringify/sync';
import type { Express, Request, Response } from 'express';
import { BadUserInputError, isExpectedError } from './errors';
import type { Logger } from './logger';

/** What a CSV route answers: a file name and its rows, the header first. */
export interface CsvFile {
  filename: string;
  rows: unknown[][];
}

/**
 * A GET route answering CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the Chinese
 * labels), as an attachment. Bad parameters are answered 400 with the error's code and message, as
 * GraphQL answers them; anything else is logged and answered 500 without detail.
 */
export function mountCsv(app: Express, path: string, logger: Logger, build: (query: Request['query']) => Promise<CsvFile>): void {
  app.get(path, async (req: Request, res: Response) => {
    try {
      const { filename, rows } = await build(req.query);
      res
        .type('text/csv; charset=utf-8')
        .attachment(filename)
        .send(`\uFEFF${stringify(rows)}`);
    } catch (error) {
      if (isExpectedError(error)) {
        res.status(400).json({ errors: [{ message: error.message, extensions: error.extensions }] });
        return;
      }
      logger.error('unexpected error in CSV export', { path, error: error instanceof Error ? error.stack : String(error) });
      res
        .status(500)
        .json({ errors: [{ message: 'Internal server error: it has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  });
}

/** One query parameter given at most once, as text. */
export function queryText(query: Request['query'], name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadUserInputError(`${name} must be given once.`, { argument: name });
  return value;
}
