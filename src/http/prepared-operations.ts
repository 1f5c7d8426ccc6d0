import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, ExecutionResult, OperationDefinitionNode } from 'graphql';
import Negotiator from 'negotiator';
import type { AdmissionGate } from './admission';
import type { CompiledOperations } from './compiled-execution';
import { admit, type LimitedContext, type QueryLimits } from './query-limits.plugin';

/**
 * Repeated queries answered without Apollo Server's per-request pipeline.
 *
 * Why: at national scale a typical request (one prefecture, ten indicators) does about 70 µs of work of
 * its own — a few indexed reads, tens of cells — and Apollo Server's pipeline around it (request
 * checks, query hashing, document store, plugin hooks, content negotiation, response assembly) cost
 * more than that again under load. Dashboards and aggregators send the same few operations over and
 * over with other variables.
 *
 * How: once Apollo Server has answered a POSTed query operation cleanly (parsed and validated by it,
 * within the limits, no errors), its validated document is remembered by query text and operation
 * name. The next POST of the same text and operation name is answered here:
 * - the limits are checked with the new variables (QueryLimits, as the limits plugin does), and an
 *   expensive one waits for its place (admission.ts) as it would in Apollo;
 * - the operation runs compiled with a fresh request context (CompiledOperations, the very code
 *   Apollo's executor runs), so every request reads the database: no answer is ever cached;
 * - the answer is what Apollo would send: `{"data":…}` and a newline, HTTP 200, the content type
 *   Apollo negotiates from the same Accept header (same candidates, same `negotiator`), the headers
 *   the plugins set on the remembered answer (`cache-control: no-store`: the HTTP cache plugin's
 *   answer to any POST; none of them depends on variables), and the same log line.
 * Whatever is not that clean case goes to Apollo Server as before: a limit exceeded, variables
 * refused, any error in the result (or thrown), the deadline passed, an Accept header Apollo would
 * refuse. Queries change nothing, so running one again there is safe (at the price of running an
 * erroneous repeated request twice), and the error answers (formatting, status codes, collapsing to
 * one timeout) stay Apollo's alone. Apollo gets a fresh context, or the request's own once its
 * deadline has passed (then Apollo's run stops at its first resolver, as it would have alone). GET
 * (HTTP caching with ETags), mutations, batches and requests with `extensions` always go to Apollo.
 *
 * tests/http/prepared-operations.http.test.ts sends good and bad requests to a server with and one
 * without prepared operations and requires identical status, headers and bodies.
 */

/** Content types of Apollo Server's single-result answers (its MEDIA_TYPES), in its order of preference. */
const APPLICATION_JSON = 'application/json; charset=utf-8';
const SINGLE_RESULT_TYPES = [APPLICATION_JSON, 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];

/** Query texts remembered (least recently remembered dropped first), and the longest one remembered. */
const QUERIES_KEPT = 512;
const QUERY_MAX_LENGTH = 20_000;
const ACCEPT_HEADERS_KEPT = 64;

interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The operation's name as Apollo logs it. */
  name: string | null;
  /** The headers Apollo's plugins set on its clean answer (`cache-control: no-store` for POST), content type apart. */
  headers: Record<string, string>;
}

export interface PreparedAnswer {
  status: 200;
  headers: Record<string, string>;
  body: string;
  /** The operation's name as Apollo logs it. */
  operation: string | null;
}

export class PreparedOperations<TContext extends LimitedContext> {
  /** Requests answered here (for tests and diagnostics). */
  answered = 0;
  /** By query text, then by operation name (null: none given; "" is a name, which Apollo refuses). */
  private readonly operations = new Map<string, Map<string | null, Prepared>>();
  private readonly contentTypes = new Map<string, string | null>();
  private stopped = false;

  constructor(
    private readonly compiled: CompiledOperations,
    private readonly limits: QueryLimits,
    private readonly gate: AdmissionGate,
    private readonly expensiveCost: number,
  ) {}

  /** Remembers the operations Apollo Server answers cleanly; forgets everything when the server stops. */
  plugin(): ApolloServerPlugin<TContext> {
    return {
      serverWillStart: async () => ({
        serverWillStop: async () => {
          this.stopped = true;
          this.operations.clear();
        },
      }),
      requestDidStart: async () => ({
        willSendResponse: async ({ request, document, operation, operationName, errors, response, contextValue }) => {
          const { query, extensions } = request;
          if (this.stopped || request.http?.method !== 'POST' || extensions !== undefined || typeof query !== 'string' || query.length > QUERY_MAX_LENGTH) return;
          if (!document || operation?.operation !== 'query' || (errors?.length ?? 0) > 0 || contextValue.deadline.expired) return;
          if ((response.http.status ?? 200) !== 200 || response.body.kind !== 'single' || response.body.singleResult.errors) return;
          let byName = this.operations.get(query);
          if (byName) this.operations.delete(query);
          else if (this.operations.size >= QUERIES_KEPT) this.operations.delete(this.operations.keys().next().value as string);
          this.operations.set(query, (byName ??= new Map()));
          const headers: Record<string, string> = {};
          for (const [name, value] of response.http.headers) if (name !== 'content-type') headers[name] = value;
          byName.set(request.operationName ?? null, { document, operation, name: operationName ?? null, headers });
        },
      }),
    };
  }

  /**
   * The answer to a POST whose JSON body is `body`, or null: then Apollo Server answers it, with the
   * context left in `context.made` (only when this run passed the deadline), else a fresh one.
   */
  async answer(body: unknown, accept: string | undefined, context: { make(): TContext; made?: TContext }): Promise<PreparedAnswer | null> {
    if (this.stopped || typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || (extensions !== undefined && extensions !== null)) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
    const prepared = this.operations.get(query)?.get((operationName as string | null | undefined) ?? null);
    if (!prepared) return null;
    const contentType = this.contentTypeFor(accept);
    if (contentType === null) return null;

    const given = (variables ?? undefined) as Record<string, unknown> | undefined;
    let cost: number;
    try {
      cost = await this.limits.check(this.compiled.schema, prepared.document, prepared.operation, given);
    } catch {
      return null;
    }
    const contextValue = context.make();
    try {
      await admit(this.gate, this.expensiveCost, cost, contextValue);
    } catch {
      // Refused a place: Apollo answers (and refuses it the same way, unless a place came free).
      return null;
    }
    let result: ExecutionResult;
    try {
      result = await this.compiled.execute(prepared.document, operationName as string | null | undefined, contextValue, given);
    } catch {
      result = { errors: [] };
    } finally {
      contextValue.release?.();
      contextValue.release = null;
    }
    if (result.data === undefined || result.data === null || (result.errors?.length ?? 0) > 0 || contextValue.deadline.expired) {
      // Past the deadline, Apollo gets this context: it stops at once, as its own run would have. Otherwise a
      // fresh one, with the whole time limit: Apollo's answer is then the one it would have given alone.
      if (contextValue.deadline.expired) context.made = contextValue;
      return null;
    }
    this.answered += 1;
    return { status: 200, headers: { ...prepared.headers, 'content-type': contentType }, body: `${JSON.stringify({ data: result.data })}\n`, operation: prepared.name };
  }

  /** What Apollo Server's chooseContentTypeForSingleResultResponse picks for this Accept header (null: it answers 406). */
  private contentTypeFor(accept: string | undefined): string | null {
    if (!accept) return APPLICATION_JSON;
    let type = this.contentTypes.get(accept);
    if (type === undefined) {
      type = new Negotiator({ headers: { accept } }).mediaType(SINGLE_RESULT_TYPES) ?? null;
      if (this.contentTypes.size >= ACCEPT_HEADERS_KEPT) this.contentTypes.clear();
      this.contentTypes.set(accept, type);
    }
    return type;
  }
}
