import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import {
  getVariableValues,
  GraphQLError,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Config } from '../config';
import { ForbiddenError, LimitExceededError, UnauthenticatedError } from '../errors';
import type { AdmissionGate } from './admission';
import { checkVariablesDepth, operationCost, type PricingReference } from './query-cost';

/**
 * Limits every operation is checked against before it runs (`didResolveOperation`), and the time
 * limit checked while it runs:
 *
 * - variables: nested at most MAX_VARIABLE_DEPTH levels, coerced as execution would (refused ones are
 *   BAD_USER_INPUT before anything runs);
 * - depth: nesting of fields, fragments inlined; `ofType` (introspection's linear type-wrapping chain)
 *   does not count up to 10 levels in a row, so the IDE's introspection query passes at any sensible limit;
 * - cost: what the operation will really do, from the prices beside the fields (query-cost.ts), with
 *   every text argument checked on the way (no NUL, bounded length);
 * - writes: a mutation without a valid write token is refused before it runs (401, or 403 when the
 *   server takes no writes at all);
 * - places: a query whose cost is at least OGI_EXPENSIVE_COST waits for one of a few places
 *   (admission.ts), or is refused with 503 OVERLOADED;
 * - time: a deadline from the arrival of the request, checked before each field resolver and between
 *   chunks of large computations (cells.computation.ts), which also give the event loop to other
 *   requests. One SQL statement is not interrupted (better-sqlite3 runs it synchronously; PostgreSQL
 *   stops it at its statement timeout). Mutations are not cut short: an import commits all or nothing,
 *   and stopping it after its commit would report a failure for stored data.
 */
/** Type wrappings (`[[T!]!]!` …) nest a few `ofType`s; graphql-js's introspection query asks for 9. */
const OF_TYPE_FREE = 10;

/** Selections the depth walk visits at most (fragments spread many times over multiply them). */
const MAX_DEPTH_VISITS = 200_000;

/** Tokens a query document may have; beyond, the parser stops (GRAPHQL_PARSE_FAILED) before any work. */
export const MAX_TOKENS = 20_000;

/** Costs remembered per operation, by the JSON of its variables (dashboards repeat a few). */
const COSTS_KEPT = 16;
/** Variables longer than this as JSON (an uploaded report, say) are not kept as a key. */
const COST_KEY_MAX_LENGTH = 2_000;

type Variables = Record<string, unknown>;

/**
 * Depth of an operation: the longest chain of nested fields (a root field is depth 1), fragments
 * inlined where spread.
 */
export function operationDepth(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): number {
  // Walked with a stack of its own, not by recursion: a document nested thousands deep (within the token
  // limit) would overflow the call stack and be answered 500 instead of QUERY_TOO_DEEP. Fragments are
  // walked where spread; a document whose spreads fan out beyond MAX_DEPTH_VISITS selections is too deep
  // to measure, and measured as such.
  let visits = 0;
  // `ofTypeRun`: consecutive `ofType` levels above; up to OF_TYPE_FREE of them are free.
  const stack: { selectionSet: SelectionSetNode | undefined; seen: Set<string>; ofTypeRun: number; depth: number }[] = [
    { selectionSet: operation.selectionSet, seen: new Set(), ofTypeRun: 0, depth: 0 },
  ];
  let deepest = 0;
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { selectionSet, seen, ofTypeRun, depth } = top;
    if (!selectionSet) continue;
    if ((visits += selectionSet.selections.length) > MAX_DEPTH_VISITS) return Number.POSITIVE_INFINITY;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const ofType = selection.name.value === 'ofType';
        const own = ofType && ofTypeRun < OF_TYPE_FREE ? 0 : 1;
        deepest = Math.max(deepest, depth + own);
        stack.push({ selectionSet: selection.selectionSet, seen, ofTypeRun: ofType ? ofTypeRun + 1 : 0, depth: depth + own });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        stack.push({ selectionSet: selection.selectionSet, seen, ofTypeRun, depth });
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name))
          stack.push({ selectionSet: fragment.selectionSet, seen: new Set(seen).add(name), ofTypeRun, depth });
      }
    }
  }
  return deepest;
}

/**
 * The limits of operations, remembered per validated document (Apollo's document store hands the same
 * object to every request with the same text): its fragments and depth, and its cost per variables seen
 * (a few kept). Used by the plugin below. The pricing reference (hierarchy
 * and catalog) is given once the server has read them.
 */
export class QueryLimits {
  private readonly measured = new WeakMap<
    OperationDefinitionNode,
    { fragments: Map<string, FragmentDefinitionNode>; depth: number; costs: Map<string, number> }
  >();

  constructor(
    private readonly config: Pick<Config, 'maxDepth' | 'maxCost'>,
    private readonly reference: PricingReference,
    /** Organs per jurisdiction, from the database: only requests with `organsOf` need them. */
    private readonly countOrgans: (codes: string[]) => Promise<Map<string, number>>,
  ) {}

  /**
   * The operation's cost, once its variables, depth, texts and cost are within the limits; throws
   * BAD_USER_INPUT, QUERY_TOO_DEEP or QUERY_TOO_COSTLY (HTTP 400) otherwise.
   */
  async check(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Variables | undefined,
  ): Promise<number> {
    const { config } = this;
    checkVariablesDepth(variables);
    let known = this.measured.get(operation);
    if (!known) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      known = { fragments, depth: operationDepth(operation, fragments), costs: new Map() };
      this.measured.set(operation, known);
    }
    const { fragments, depth } = known;
    if (depth > config.maxDepth) {
      throw new LimitExceededError(
        'QUERY_TOO_DEEP',
        `This query nests fields ${Number.isFinite(depth) ? `${depth} levels deep` : 'deeper than can be measured (its fragments fan out)'}; the limit is ${config.maxDepth} (OGI_MAX_DEPTH). ` +
          'Ask for fewer nested levels, e.g. fetch the deeper objects by their codes or ids in a second request.',
        { depth: Number.isFinite(depth) ? depth : null, limit: config.maxDepth, http: { status: 400 } },
      );
    }
    const variablesKey = JSON.stringify(variables ?? {});
    let cost = known.costs.get(variablesKey);
    if (cost === undefined) {
      const coerced = coerceVariables(schema, operation, variables);
      // Priced once; if it asks for some jurisdictions' organs (`organsOf`), counted and priced again.
      const counts = new Map<string, number>();
      const wanted = new Set<string>();
      const organs = (code: string) => counts.get(code) ?? (wanted.add(code), 0);
      cost = operationCost(schema, operation, fragments, coerced, this.reference, organs);
      if (wanted.size > 0) {
        for (const [code, count] of await this.countOrgans([...wanted])) counts.set(code, count);
        for (const code of wanted) if (!counts.has(code)) counts.set(code, 0);
        cost = operationCost(schema, operation, fragments, coerced, this.reference, organs);
      }
      // Organ counts change with imports: such a cost is not remembered.
      if (variablesKey.length <= COST_KEY_MAX_LENGTH && wanted.size === 0) {
        if (known.costs.size >= COSTS_KEPT) known.costs.delete(known.costs.keys().next().value as string);
        known.costs.set(variablesKey, cost);
      }
    }
    if (cost > config.maxCost) {
      throw new LimitExceededError(
        'QUERY_TOO_COSTLY',
        `This query's cost is ${cost.toLocaleString('en')} (about the values and objects it reads, computes and answers: roll-ups count jurisdictions × indicators × years, summed over aliases and multiplied down nested lists); ` +
          `the limit is ${config.maxCost.toLocaleString('en')} (OGI_MAX_COST). Ask for fewer jurisdictions, indicators or years, smaller pages (\`first\`) or fewer nested lists, or split it into several requests.`,
        { cost, limit: config.maxCost, http: { status: 400 } },
      );
    }
    return cost;
  }
}

/** The variables as execution will see them; refused ones are refused here, with graphql-js's message. */
function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Variables | undefined): Variables {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) {
    const [error] = coerced.errors;
    throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  return coerced.coerced;
}

/** What a request's context gives the limits. */
export interface LimitedContext {
  deadline: RequestDeadline;
  canWrite: boolean;
  /** The client's address (places for expensive requests are shared out by it). */
  client: string;
  /** Gives back the request's place for expensive requests, if it holds one. */
  release: (() => void) | null;
}

/**
 * Errors of the checks before execution are the request's (bad input, limits): 400 unless they say
 * otherwise (Apollo Server answers an error thrown there with 500 by default).
 */
async function asRequestError<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.http === undefined) {
      (error.extensions as Record<string, unknown>).http = { status: 400 };
    }
    throw error;
  }
}

/** A refused write: 403 when the server takes no writes, else 401. */
export function refusedWrite(config: Pick<Config, 'writeTokens'>): GraphQLError {
  return config.writeTokens.length === 0 ? new ForbiddenError() : new UnauthenticatedError();
}

/**
 * Admits a checked query to run: a cheap one at once, an expensive one when it gets a place (or
 * OVERLOADED).
 */
export async function admit(gate: AdmissionGate, expensiveCost: number, cost: number, context: LimitedContext): Promise<void> {
  if (cost < expensiveCost || context.release) return;
  context.release = await gate.enter(context.client, context.deadline.remaining());
}

/** The limits as an Apollo Server plugin; the time limit is the context's `deadline` (see RequestDeadline). */
export function queryLimitsPlugin<TContext extends LimitedContext>(
  limits: QueryLimits,
  gate: AdmissionGate,
  config: Pick<Config, 'requestTimeoutMs' | 'expensiveCost' | 'writeTokens'>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          // Mutations are not cut short: an import commits all or nothing.
          if (operation.operation !== 'query') contextValue.deadline.disarm();
          if (operation.operation === 'mutation' && !contextValue.canWrite) throw refusedWrite(config);
          const cost = await asRequestError(() => limits.check(schema, document, operation, request.variables));
          if (operation.operation === 'query') await admit(gate, config.expensiveCost, cost, contextValue);
        },
        async willSendResponse(requestContext) {
          const { contextValue } = requestContext;
          contextValue.release?.();
          contextValue.release = null;
          if (contextValue.deadline.expired) collapseToTimeout(requestContext, config.requestTimeoutMs);
        },
      };
    },
  };
}

/**
 * The time limit of one request, counted from its arrival (before its body is read). Checked before
 * every field resolver of a query runs (guardResolvers) and between chunks of large computations
 * (`checkpoint`); fields without a resolver only read a property of an object already made. After the
 * first failed check every later one throws the same error object at once (no new error per field),
 * and the response is collapsed into one REQUEST_TIMEOUT error (queryLimitsPlugin).
 */
export class RequestDeadline {
  expired = false;
  private at: number;
  private error: LimitExceededError | null = null;

  constructor(
    private readonly limitMs: number,
    private readonly now: () => number = () => performance.now(),
    startedAt: number = now(),
  ) {
    this.at = startedAt + limitMs;
  }

  /** No limit for this request (mutations). */
  disarm(): void {
    this.at = Number.POSITIVE_INFINITY;
  }

  /** Milliseconds left (Infinity when disarmed). */
  remaining(): number {
    return Math.max(0, this.at - this.now());
  }

  check(): void {
    if (!this.expired && this.now() <= this.at) return;
    this.expired = true;
    // Located (an empty path) so that graphql-js passes it on as it is instead of wrapping it per field.
    throw (this.error ??= timeoutError(this.limitMs, []));
  }

  /**
   * Between chunks of a large computation: stops it past the deadline, and lets the event loop serve
   * other requests (probes, small queries) before the next chunk.
   */
  async checkpoint(): Promise<void> {
    this.check();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }
}

/**
 * Makes every field resolver of the schema's object types check the request's deadline before it runs
 * (fields without a resolver are left alone: they stay plain property reads for compiled execution).
 * Changes the schema in place, once, when the server is built.
 */
export function guardResolvers(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      // Past the deadline a nullable field answers null without a new error: the answer is collapsed into
      // one REQUEST_TIMEOUT error anyway, and a list of 100,000 cells should not make an error per cell.
      const nullable = !isNonNullType(field.type);
      field.resolve = (source, args, context: { deadline?: RequestDeadline }, info) => {
        if (nullable && context.deadline?.expired) return null;
        context.deadline?.check();
        return resolve(source, args, context, info);
      };
    }
  }
}

export function timeoutError(limit: number, path?: readonly (string | number)[]): LimitExceededError {
  return new LimitExceededError(
    'REQUEST_TIMEOUT',
    `This query ran longer than the ${limit.toLocaleString('en')} ms limit (OGI_REQUEST_TIMEOUT_MS) and was stopped. ` +
      'Ask for less (fewer jurisdictions, indicators or years, smaller pages) or split it into several requests.',
    { limit },
    { path },
  );
}

/** One timeout error instead of one per unresolved field, no partial data, and 503 (try again with less). */
function collapseToTimeout<TContext extends object>(requestContext: GraphQLRequestContextWillSendResponse<TContext>, limit: number): void {
  const { response } = requestContext;
  if (response.body.kind !== 'single') return;
  const error = timeoutError(limit);
  response.body.singleResult = { data: null, errors: [{ message: error.message, extensions: { ...error.extensions } }] };
  response.http.status = 503;
}
