import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger';
import { durationOf } from './arrival';
import { outcomeOf } from './request-log.plugin';

/** Where the GraphQL context of a request is kept for its log line (set by the context function). */
export function rememberContext(res: Response, context: { deadline: object }): void {
  (res.locals as { graphqlContext?: { deadline: object } }).graphqlContext = context;
}

/**
 * Express middleware in front of Apollo Server's `expressMiddleware` on `/graphql` (and of the body
 * parser, so that refusals while the body is read are covered too):
 *
 * - the response cap: an answer longer than `maxResponseBytes` is replaced by one RESPONSE_TOO_LARGE
 *   error (400, `Cache-Control: no-store`, no ETag). The integration hands Express one complete string
 *   (`res.send`), which is measured here before it is written; nothing else is changed.
 * - the request log: one line per request once its answer has been written (or the connection closed),
 *   with the real duration from the request's arrival (arrival.ts), the status, the size, the
 *   operation name and the error codes Apollo answered with (request-log.plugin.ts) — or, for answers
 *   made before any operation ran (a bad request, a refused body), the codes of the error body.
 */
export function graphqlAnswers(options: { maxResponseBytes: number; logger: Logger }): RequestHandler {
  const { maxResponseBytes, logger } = options;
  return (req, res, next) => {
    let bytes = 0;
    let errorBody: string | undefined;
    let capped = false;
    const send = res.send;
    res.send = function sendCapped(this: Response, body?: unknown) {
      if (typeof body === 'string') {
        bytes = Buffer.byteLength(body, 'utf8');
        if (bytes > maxResponseBytes) {
          const error = {
            message:
              `The answer is ${bytes.toLocaleString('en')} bytes long; the limit is ${maxResponseBytes.toLocaleString('en')} (OGI_MAX_RESPONSE_BYTES). ` +
              'Ask for fewer fields, jurisdictions, indicators or years, or smaller pages, or split the request.',
            extensions: { code: 'RESPONSE_TOO_LARGE', bytes, limit: maxResponseBytes },
          };
          body = `${JSON.stringify({ errors: [error] })}\n`;
          bytes = Buffer.byteLength(body as string, 'utf8');
          capped = true;
          this.status(400);
          this.removeHeader('etag');
          this.setHeader('cache-control', 'no-store');
        } else if (this.statusCode >= 400 && bytes <= 100_000) {
          errorBody = body;
        }
      }
      return send.call(this, body);
    };
    res.once('close', () => {
      const status = res.statusCode;
      const outcome = outcomeOf((res.locals as { graphqlContext?: { deadline: object } }).graphqlContext);
      const errorCodes = capped ? ['RESPONSE_TOO_LARGE'] : outcome ? outcome.errorCodes : errorCodesOf(errorBody);
      logger.info('graphql request', {
        operation: outcome?.operation ?? null,
        status,
        durationMs: durationOf(req),
        outcome: !res.writableFinished ? 'aborted' : status >= 400 || (errorCodes?.length ?? 0) > 0 ? 'error' : 'ok',
        errorCodes,
        bytes: status === 304 ? 0 : bytes,
      });
    });
    next();
  };
}

/** The codes of an error answer made before any operation ran (a bad request, a refused body): small bodies. */
function errorCodesOf(body: string | undefined): unknown[] | undefined {
  if (body === undefined) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    return parsed.errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  } catch {
    return undefined;
  }
}
