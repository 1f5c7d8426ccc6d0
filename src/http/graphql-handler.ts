import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseUrl } from 'node:url';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import express from 'express';
import type { Logger } from '../logger';
import { httpErrorReply } from './http-error.handler';
import type { PreparedOperations } from './prepared-operations';
import type { RequestDeadline } from './query-limits.plugin';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves GET and POST on exactly `path` straight from node:http, without Express's per-request work
 * (router, request/response decoration, body hash ETags), and hands every other request to `fallback`
 * (the Express app, which also mounts the same GraphQL middleware for other spellings of the path and
 * other methods). What the Express stack guaranteed is kept:
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
 */
export function graphqlFastPath<TContext extends BaseContext & { deadline: RequestDeadline }>(options: {
  path: string;
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage) => TContext;
  /** Answers repeated query operations of plain JSON POSTs itself (see prepared-operations.ts); null: Apollo answers all. */
  prepared: PreparedOperations<TContext> | null;
  maxBodyBytes: number;
  logger: Logger;
  fallback: Handler;
}): Handler {
  const { path, apollo, context, prepared, maxBodyBytes, logger, fallback } = options;
  const parseJson = express.json({ limit: maxBodyBytes }) as unknown as (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const reply = httpErrorReply(error, { method: req.method ?? '', path }, logger, maxBodyBytes);
    send(res, reply.status, { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(reply.body));
  };

  const execute = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, plain: boolean) => {
    const made: { make(): TContext; made?: TContext } = { make: () => context(req) };
    if (plain && prepared) {
      const answer = await prepared.answer(req.body, req.headers.accept, made);
      if (answer) {
        send(res, answer.status, answer.headers, answer.body);
        return;
      }
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
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => made.made ?? made.make() });
    const out: Record<string, string> = {};
    for (const [key, value] of response.headers) out[key] = value;
    if (response.body.kind === 'complete') {
      send(res, response.status ?? 200, out, response.body.string);
      return;
    }
    res.statusCode = response.status ?? 200;
    for (const [key, value] of Object.entries(out)) res.setHeader(key, value);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const parsed = (req: IncomingMessage, res: ServerResponse, plain: boolean) => (error?: unknown) => {
    if (error) {
      fail(req, res, error);
      return;
    }
    execute(req, res, plain).catch((e: unknown) => fail(req, res, e));
  };

  return (req, res) => {
    const method = req.method;
    if ((method !== 'GET' && method !== 'POST') || pathOf(req.url) !== path) {
      fallback(req, res);
      return;
    }
    if (method === 'POST' && isPlainJson(req, maxBodyBytes)) readPlainJson(req, parsed(req, res, true));
    else parseJson(req, res, parsed(req, res, false));
  };
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
