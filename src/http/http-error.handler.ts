import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger';
import { durationOf } from './arrival';

/**
 * The last Express error handler: errors raised outside GraphQL (express.json(), the CSV export, the
 * IDE) answered as GraphQL-shaped JSON with a stable code, never Express's HTML page with a stack.
 * A body over OGI_MAX_BODY_BYTES gets 413 PAYLOAD_TOO_LARGE, unreadable JSON 400 BAD_REQUEST, any other
 * client error its 4xx with BAD_REQUEST; anything else is a bug: 500 INTERNAL_SERVER_ERROR, masked
 * for the client and logged with its stack.
 */
export function httpErrorHandler(logger: Logger, maxBodyBytes: number): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const reply = httpErrorReply(error, { method: req.method, path: req.path, durationMs: durationOf(req) }, logger, maxBodyBytes);
    res.status(reply.status).set('cache-control', 'no-store').json(reply.body);
  };
}

export interface HttpErrorReply {
  status: number;
  body: { errors: [{ message: string; extensions: Record<string, unknown> }] };
}

/** The answer to an error raised outside GraphQL (the body parser of /graphql included), logged. */
export function httpErrorReply(
  error: unknown,
  req: { method: string; path: string; durationMs: number },
  logger: Logger,
  maxBodyBytes: number,
): HttpErrorReply {
  const { type, status } = error as { type?: string; status?: number };
  // The body parser says which limit it applied (a route may set a smaller one than OGI_MAX_BODY_BYTES).
  const parserLimit = (error as { limit?: unknown }).limit;
  const limit = typeof parserLimit === 'number' ? parserLimit : maxBodyBytes;
  const setting = limit === maxBodyBytes ? ' (OGI_MAX_BODY_BYTES)' : ' of this route';
  const reply = (code: number, message: string, extensions: Record<string, unknown>): HttpErrorReply => ({
    status: code,
    body: { errors: [{ message, extensions }] },
  });
  if (type === 'entity.too.large') {
    logger.warn('request rejected', {
      method: req.method,
      path: req.path,
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      limit,
      durationMs: req.durationMs,
    });
    return reply(
      413,
      `The request body is larger than the ${limit.toLocaleString('en')}-byte limit${setting}. ` +
        'Send a smaller query or smaller variables; import large reports with the CLI (npm run ogi -- import).',
      { code: 'PAYLOAD_TOO_LARGE', limit },
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    logger.info('request rejected', {
      method: req.method,
      path: req.path,
      status,
      code: 'BAD_REQUEST',
      reason: type ?? null,
      durationMs: req.durationMs,
    });
    const what = type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'The request could not be read';
    return reply(status, `${what}: send {"query": "...", "variables": {...}} as UTF-8 JSON with Content-Type: application/json.`, {
      code: 'BAD_REQUEST',
    });
  }
  logger.error('unexpected error', {
    method: req.method,
    path: req.path,
    status: 500,
    durationMs: req.durationMs,
    error: error instanceof Error ? error.stack : String(error),
  });
  return reply(500, 'Internal server error: it has been logged. Try again later or report it.', { code: 'INTERNAL_SERVER_ERROR' });
}
