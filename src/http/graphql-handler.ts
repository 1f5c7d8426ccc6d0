import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseUrl } from 'node:url';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import express from 'express';
import type { Logger } from '../logger';
import { arrivalOf, durationOf, markArrival } from './arrival';
import { httpErrorReply } from './http-error.handler';
import type { PreparedOperations } from './prepared-operations';
import type { LimitedContext } from './query-limits.plugin';
import { outcomeOf, type RequestOutcome } from './request-log.plugin';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves GET and POST on exactly `path` straight from node:http, without Express's per-request work
 * (router, request/response decoration, body hash ETags), and hands every other request to `fallback`
 * (the Express app, which mounts `serveParsed` behind `express.json()` for other spellings of the path
 * and other methods, so every GraphQL answer leaves through this file). What the Express stack
 * guaranteed is kept:
 *
 * - the body is read by the very `express.json()` parser the Express mount uses (size limit, charsets,
 *   content encodings, strict JSON), and its errors are answered by the same reply as the Express
 *   error handler (413 PAYLOAD_TOO_LARGE, 400 BAD_REQUEST, …, logged alike);
 * - the request is then what `expressMiddleware` gives Apollo (headers, method, search, parsed body),
 *   so CSRF prevention, GET caching (ETag, 304), 405 for mutations over GET, the limits and the
 *   request log all run in Apollo as before — except a plain JSON POST of a query operation Apollo
 *   has already answered cleanly, which prepared operations answer as Apollo would (prepared-operations.ts);
 * - the response is written as Express's `res.send` would (status, headers, charset, Content-Length),
 *   minus `X-Powered-By` and Express's body-hash ETag on answers our cache plugin does not tag.
 *
 * Here too: an answer longer than `maxResponseBytes` is replaced by one RESPONSE_TOO_LARGE error (400),
 * and every request gets one log line with its real duration from its arrival, its status and error
 * codes, whichever way it was answered.
 */
export function graphqlHandler<TContext extends BaseContext & LimitedContext>(options: {
  path: string;
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage, arrivedAt: number) => TContext;
  /** Answers repeated query operations of plain JSON POSTs itself (see prepared-operations.ts); null: Apollo answers all. */
  prepared: PreparedOperations<TContext> | null;
  maxBodyBytes: number;
  maxResponseBytes: number;
  logger: Logger;
  fallback: Handler;
}): { handle: Handler; serveParsed: Handler } {
  const { path, apollo, context, prepared, maxBodyBytes, maxResponseBytes, logger, fallback } = options;
  const parseJson = express.json({ limit: maxBodyBytes }) as unknown as (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const reply = httpErrorReply(error, { method: req.method ?? '', path, durationMs: durationOf(req) }, logger, maxBodyBytes);
    send(res, reply.status, { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(reply.body));
  };

  /** Sends a complete answer (capped in size) and logs the request once. */
  const respond = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string, outcome: RequestOutcome | undefined) => {
    let bytes = Buffer.byteLength(body, 'utf8');
    let errorCodes = outcome ? outcome.errorCodes : status >= 400 ? errorCodesOf(body) : undefined;
    if (bytes > maxResponseBytes) {
      const error = {
        message:
          `The answer is ${bytes.toLocaleString('en')} bytes long; the limit is ${maxResponseBytes.toLocaleString('en')} (OGI_MAX_RESPONSE_BYTES). ` +
          'Ask for fewer fields, jurisdictions, indicators or years, or smaller pages, or split the request.',
        extensions: { code: 'RESPONSE_TOO_LARGE', bytes, limit: maxResponseBytes },
      };
      status = 400;
      body = `${JSON.stringify({ errors: [error] })}\n`;
      bytes = Buffer.byteLength(body, 'utf8');
      delete headers.etag;
      headers['cache-control'] = 'no-store';
      errorCodes = ['RESPONSE_TOO_LARGE'];
    }
    send(res, status, headers, body);
    logger.info('graphql request', {
      operation: outcome?.operation ?? null,
      status,
      durationMs: durationOf(req),
      outcome: status >= 400 || (errorCodes?.length ?? 0) > 0 ? 'error' : 'ok',
      errorCodes,
      bytes,
    });
  };

  const execute = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, plain: boolean) => {
    const made: { make(): TContext; made?: TContext } = { make: () => context(req, arrivalOf(req)) };
    if (plain && prepared) {
      const answer = await prepared.answer(req.body, req.headers.accept, made);
      if (answer) {
        respond(req, res, answer.status, answer.headers, answer.body, { operation: answer.operation, errorCodes: undefined });
        return;
      }
      // Refused or failed there (before its deadline): Apollo answers with the whole time limit, as it
      // would have alone; the log still counts the duration from the arrival.
      made.make = () => context(req, performance.now());
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? '').toUpperCase(),
      headers,
      search: parseUrl(req.url ?? '').search ?? '',
      body: req.body,
    };
    let used: TContext | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => (used = made.made ?? made.make()) });
    const out: Record<string, string> = {};
    for (const [key, value] of response.headers) out[key] = value;
    const outcome = used ? outcomeOf(used) : undefined;
    if (response.body.kind === 'complete') {
      respond(req, res, response.status ?? 200, out, response.body.string, outcome);
      return;
    }
    res.statusCode = response.status ?? 200;
    for (const [key, value] of Object.entries(out)) res.setHeader(key, value);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
    logger.info('graphql request', { operation: outcome?.operation ?? null, status: res.statusCode, durationMs: durationOf(req), outcome: 'incremental' });
  };

  const parsed = (req: IncomingMessage, res: ServerResponse, plain: boolean) => (error?: unknown) => {
    if (error) {
      fail(req, res, error);
      return;
    }
    execute(req, res, plain).catch((e: unknown) => fail(req, res, e));
  };

  return {
    handle: (req, res) => {
      markArrival(req);
      const method = req.method;
      if ((method !== 'GET' && method !== 'POST') || pathOf(req.url) !== path) {
        fallback(req, res);
        return;
      }
      if (method === 'POST' && isPlainJson(req, maxBodyBytes)) readPlainJson(req, parsed(req, res, true));
      else parseJson(req, res, parsed(req, res, false));
    },
    // Behind express.json() (other spellings of the path, other methods): Apollo answers as for the fast path.
    serveParsed: (req, res) => {
      execute(req, res, false).catch((e: unknown) => fail(req, res, e));
    },
  };
}

/** The codes of an error answer made before any context (CSRF refusal, a batch, a bad request): small bodies. */
function errorCodesOf(body: string): unknown[] | undefined {
  if (body.length > 100_000) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    return parsed.errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  } catch {
    return undefined;
  }
}

/**
 * The common request, read without body-parser's general machinery: POST, `application/json` in UTF-8
 * (or no charset), no content encoding, a declared length within the limit. It ends exactly as
 * `express.json()` would: an empty body is `{}`, the body must be a JSON object or array, and its
 * errors carry body-parser's `type` and `status` (so the same reply is made). Anything else goes
 * through `express.json()` itself.
 */
function isPlainJson(req: IncomingMessage, maxBodyBytes: number): boolean {
  const { 'content-type': type, 'content-length': length, 'content-encoding': encoding } = req.headers;
  if (encoding !== undefined || length === undefined || type === undefined) return false;
  const bytes = Number(length);
  if (!Number.isInteger(bytes) || bytes > maxBodyBytes) return false;
  return /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i.test(type);
}

function readPlainJson(req: IncomingMessage & { body?: unknown }, done: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('error', () => done(Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400 })));
  req.once('end', () => {
    let text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const first = /^[ \t\n\r]*([\s\S])/.exec(text)?.[1];
    if (first === undefined) {
      req.body = {};
      done();
      return;
    }
    try {
      if (first !== '{' && first !== '[') throw new SyntaxError(`Unexpected token ${first}: only an object or an array is accepted`);
      req.body = JSON.parse(text);
    } catch (error) {
      done(Object.assign(error instanceof Error ? error : new Error(String(error)), { type: 'entity.parse.failed', status: 400 }));
      return;
    }
    done();
  });
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Status, headers and a complete body, as Express's `res.send(string)` writes them (UTF-8, charset
 * named, Content-Length). Written in one go (`writeHead` with the headers, `end` with the text), which
 * node:http sends as one write of head and body.
 */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const type = headers['content-type'];
  if (type !== undefined && !/;\s*charset=/i.test(type)) headers['content-type'] = `${type}; charset=utf-8`;
  // 304 (and 204) carry no body.
  if (status === 304 || status === 204) {
    delete headers['content-type'];
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    res.writeHead(status, headers).end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
  res.writeHead(status, headers).end(body, 'utf8');
}
