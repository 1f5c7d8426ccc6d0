import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Config } from '../config';
import { LimitExceededError } from '../errors';

/**
 * Limits every operation is checked against before it runs (`didResolveOperation`), and the time limit
 * checked while it runs:
 *
 * - depth: nesting of fields, fragments inlined; `ofType` (introspection's linear type-wrapping chain)
 *   does not count up to 10 levels in a row, so the IDE's introspection query passes at any sensible limit;
 * - cost: an estimate of the objects the response may hold. A composite field costs
 *   size × (1 + cost of its selection), leaves cost nothing; `size` is 1 for an object, and for a list
 *   its `first` (capped at the page-size limit, which the resolvers enforce themselves), else the length
 *   of its `indicators`/`codes` list argument, else an estimate per field (LIST_SIZES) or DEFAULT_LIST_SIZE;
 *   a connection's `edges` cost nothing more (its `first` already counted);
 * - time: a deadline from the start of the request, checked before each field resolver runs. Work
 *   already inside a resolver (one SQL statement, one computation) is not interrupted: better-sqlite3
 *   runs each statement synchronously, so a request stops at the next resolver boundary after the
 *   deadline. Mutations are not cut short: an import commits all or nothing, and stopping it after its
 *   commit would report a failure for stored data.
 */
export const DEFAULT_LIST_SIZE = 20;

/** Organs of one jurisdiction, for lists of organs and `organsOf` selections. */
const ORGANS_PER_JURISDICTION = 60;

/** Estimated lengths of lists without a size argument (upper-ish figures of the real data). */
const LIST_SIZES: Record<string, number> = {
  'Query.indicators': 260,
  'Report.observations': 260,
  'Report.consistency': 30,
  'Jurisdiction.children': 30,
  'Jurisdiction.ancestors': 3,
  'Jurisdiction.reports': 10,
  'Series.cells': 10,
  'CoverageType.missing': 30,
  // A jurisdiction's organs: 平潭 has 18; a prefecture's government has a few dozen departments.
  'Jurisdiction.organs': ORGANS_PER_JURISDICTION,
  'Organ.names': 10,
  'Organ.reports': 10,
  'OrganCoverage.missing': ORGANS_PER_JURISDICTION,
  'Matrix.organs': ORGANS_PER_JURISDICTION,
};

/** Jurisdiction counts of the GB/T 2260 levels, to size a JurisdictionSelector without reading the hierarchy. */
const LEVEL_SIZES: Record<string, number> = { PROVINCE: 34, PREFECTURE: 333, COUNTY: 3004 };
const ALL_JURISDICTIONS = 3371;

/** Costs remembered per operation, by the JSON of its variables (dashboards repeat a few). */
const COSTS_KEPT = 16;
/** Variables longer than this as JSON (an uploaded report, say) are not kept as a key. */
const COST_KEY_MAX_LENGTH = 2_000;

/** Tokens a query document may have; beyond, the parser stops (GRAPHQL_PARSE_FAILED) before any work. */
export const MAX_TOKENS = 20_000;

type Variables = Record<string, unknown>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  maxPageSize: number;
  maxCells: number;
}

/** Type wrappings (`[[T!]!]!` …) nest a few `ofType`s; graphql-js's introspection query asks for 9. */
const OF_TYPE_FREE = 10;

/** Depth of an operation: the longest chain of nested fields (a root field is depth 1). */
export function operationDepth(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): number {
  // Walked with a stack of its own, not by recursion: a document nested thousands deep (within the token
  // limit) would overflow the call stack and be answered 500 instead of QUERY_TOO_DEEP.
  // `ofTypeRun`: consecutive `ofType` levels above; up to OF_TYPE_FREE of them are free.
  const stack: { selectionSet: SelectionSetNode | undefined; seen: Set<string>; ofTypeRun: number; depth: number }[] = [{ selectionSet: operation.selectionSet, seen: new Set(), ofTypeRun: 0, depth: 0 }];
  let deepest = 0;
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { selectionSet, seen, ofTypeRun, depth } = top;
    if (!selectionSet) continue;
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
        if (fragment && !seen.has(name)) stack.push({ selectionSet: fragment.selectionSet, seen: new Set(seen).add(name), ofTypeRun, depth });
      }
    }
  }
  return deepest;
}

/** The estimated cost of an operation (see the comment at the top). */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Variables | undefined,
  limits: Pick<Config, 'maxPageSize' | 'maxCells'>,
): number {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const walk: Walk = { schema, fragments, variables: withDefaults(operation, variables), ...limits };
  return costOf(walk, operation.selectionSet, root, new Set());
}

function costOf(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, seen: Set<string>): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? walk.schema.getType(typeName) : parent;
      if (type && isCompositeType(type)) total += costOf(walk, selection.selectionSet, type, seen);
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (fragment && type && isCompositeType(type) && !seen.has(name)) total += costOf(walk, fragment.selectionSet, type, new Set(seen).add(name));
    } else if (selection.selectionSet) {
      const field = fieldOf(walk.schema, parent, selection.name.value);
      if (!field) continue;
      const child = getNamedType(field.type);
      if (!isCompositeType(child)) continue;
      const args = argumentValues(walk, selection.arguments ?? []);
      const size = fieldSize(walk, parent.name, field, args);
      total += size * (1 + costOf(walk, selection.selectionSet, child, seen));
    }
  }
  return total;
}

function fieldOf(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function fieldSize(walk: Walk, parentName: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const first = args.first ?? field.args.find((a) => a.name === 'first')?.defaultValue;
  const returnsList = isListType(getNullableType(field.type));
  if (parentName.endsWith('Connection') && field.name === 'edges') return 1;
  if (first !== undefined) {
    const n = typeof first === 'number' && Number.isInteger(first) && first > 0 ? first : 1;
    return Math.min(n, walk.maxPageSize);
  }
  if (!returnsList) return 1;
  if (field.name === 'cells' && parentName === walk.schema.getQueryType()?.name) {
    const cells = selectorSize(args.jurisdictions) * listLength(args.indicators, 1) * yearCount(args.years, args.aggregateYears);
    // Over OGI_MAX_CELLS the cells planner refuses it before any value is read, with the exact count.
    return cells > walk.maxCells ? 0 : cells;
  }
  if (Array.isArray(args.indicators)) return Math.max(1, args.indicators.length);
  if (Array.isArray(args.codes)) return Math.max(1, args.codes.length);
  return LIST_SIZES[`${parentName}.${field.name}`] ?? DEFAULT_LIST_SIZE;
}

function listLength(value: unknown, fallback: number): number {
  return Array.isArray(value) ? Math.max(1, value.length) : fallback;
}

function yearCount(years: unknown, aggregate: unknown): number {
  if (aggregate === true) return 1;
  const { from, to } = (years ?? {}) as { from?: unknown; to?: unknown };
  if (typeof from !== 'number' || typeof to !== 'number' || to < from) return 1;
  return Math.min(to - from + 1, 100);
}

function selectorSize(selector: unknown): number {
  const s = (selector ?? {}) as { codes?: unknown; childrenOf?: unknown; descendantsOf?: unknown; level?: unknown; organsOf?: unknown };
  if (typeof s.organsOf === 'string') return ORGANS_PER_JURISDICTION;
  const estimates = [ALL_JURISDICTIONS];
  if (Array.isArray(s.codes)) estimates.push(Math.max(1, s.codes.length));
  if (typeof s.childrenOf === 'string') estimates.push(LIST_SIZES['Jurisdiction.children']);
  if (typeof s.descendantsOf === 'string') estimates.push(300);
  if (typeof s.level === 'string' && LEVEL_SIZES[s.level]) estimates.push(LEVEL_SIZES[s.level]);
  return Math.min(...estimates);
}

/** Argument values as far as they can be known before coercion: literals and variables, JSON-like. */
function argumentValues(walk: Walk, args: readonly { name: { value: string }; value: ValueNode }[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of args) values[arg.name.value] = literal(walk.variables, arg.value);
  return values;
}

function literal(variables: Variables, node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literal(variables, v));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(variables, f.value)]));
  }
}

/** Variables with their declared defaults filled in (coercion proper happens later, in execution). */
function withDefaults(operation: OperationDefinitionNode, given: Variables | undefined): Variables {
  const variables: Variables = { ...(given ?? {}) };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] === undefined && definition.defaultValue) variables[name] = literal({}, definition.defaultValue);
  }
  return variables;
}

/**
 * The depth and cost limits of operations, remembered per validated document (Apollo's document store
 * hands the same object to every request with the same text): its fragments and depth, and its cost
 * per variables seen (a few kept). Used by the plugin below and by prepared operations.
 */
export class QueryLimits {
  private readonly measured = new WeakMap<OperationDefinitionNode, { fragments: Map<string, FragmentDefinitionNode>; depth: number; costs: Map<string, number> }>();

  constructor(private readonly config: Pick<Config, 'maxDepth' | 'maxCost' | 'maxPageSize' | 'maxCells'>) {}

  /** Throws QUERY_TOO_DEEP or QUERY_TOO_COSTLY (LimitExceededError, HTTP 400) when the operation exceeds a limit. */
  check(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables | undefined): void {
    const { config } = this;
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
        `This query nests fields ${depth} levels deep; the limit is ${config.maxDepth} (OGI_MAX_DEPTH). ` +
          'Ask for fewer nested levels, e.g. fetch the deeper objects by their codes or ids in a second request.',
        { depth, limit: config.maxDepth, http: { status: 400 } },
      );
    }
    const variablesKey = JSON.stringify(variables ?? {});
    let cost = known.costs.get(variablesKey);
    if (cost === undefined) {
      cost = operationCost(schema, operation, fragments, variables, config);
      if (variablesKey.length <= COST_KEY_MAX_LENGTH) {
        if (known.costs.size >= COSTS_KEPT) known.costs.delete(known.costs.keys().next().value as string);
        known.costs.set(variablesKey, cost);
      }
    }
    if (cost > config.maxCost) {
      throw new LimitExceededError(
        'QUERY_TOO_COSTLY',
        `This query's estimated cost is ${cost.toLocaleString('en')} (about that many objects: each list counts as its \`first\`, its codes or indicators, or its usual length); ` +
          `the limit is ${config.maxCost.toLocaleString('en')} (OGI_MAX_COST). Ask for smaller pages (\`first\`), fewer codes, indicators or years, or fewer nested lists, or split it into several requests.`,
        { cost, limit: config.maxCost, http: { status: 400 } },
      );
    }
  }
}

/** The limits as an Apollo Server plugin; the time limit is the context's `deadline` (see RequestDeadline). */
export function queryLimitsPlugin<TContext extends { deadline: RequestDeadline }>(limits: QueryLimits, config: Pick<Config, 'requestTimeoutMs'>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          // Mutations are not cut short: an import commits all or nothing.
          if (operation.operation !== 'query') contextValue.deadline.disarm();
          limits.check(schema, document, operation, request.variables);
        },
        async willSendResponse(requestContext) {
          if (requestContext.contextValue.deadline.expired) collapseToTimeout(requestContext, config.requestTimeoutMs);
        },
      };
    },
  };
}

/**
 * The time limit of one request, counted from when its context is made (before parsing). Checked before
 * every field resolver of a query runs (guardResolvers); fields without a resolver only read a property
 * of an object already made. After the first failed check every later one fails too, and the response
 * is collapsed into one REQUEST_TIMEOUT error (queryLimitsPlugin).
 */
export class RequestDeadline {
  expired = false;
  private at: number;

  constructor(
    private readonly limitMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.at = now() + limitMs;
  }

  /** No limit for this request (mutations). */
  disarm(): void {
    this.at = Number.POSITIVE_INFINITY;
  }

  check(): void {
    if (!this.expired && this.now() <= this.at) return;
    this.expired = true;
    throw timeoutError(this.limitMs);
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
      field.resolve = (source, args, context: { deadline?: RequestDeadline }, info) => {
        context.deadline?.check();
        return resolve(source, args, context, info);
      };
    }
  }
}

function timeoutError(limit: number): LimitExceededError {
  return new LimitExceededError(
    'REQUEST_TIMEOUT',
    `This query ran longer than the ${limit.toLocaleString('en')} ms limit (OGI_REQUEST_TIMEOUT_MS) and was stopped. ` +
      'Ask for less (fewer jurisdictions, indicators or years, smaller pages) or split it into several requests.',
    { limit },
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
