import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { FieldOptions } from 'type-graphql';
import { BadUserInputError, LimitExceededError } from '../errors';
import type { IndicatorType } from '../indicators/indicator.type';
import type { Hierarchy, HierarchyRow, JurisdictionSelection } from '../jurisdictions/hierarchy';
import { baseCodesOf, ruleOf, type IndicatorRule } from '../rollups/aggregation';

/**
 * The cost of an operation, computed before anything runs from what it will really do: about the
 * number of values and objects it reads, computes and answers.
 *
 * Every field that returns a list carries its price beside it, as the `complexity` option of its
 * type-graphql decorator (stored in the field's `extensions.complexity`); `assertEveryListPriced`
 * refuses to build a server whose schema has a list field without one, so a new or renamed field
 * cannot fall back to a default. A price is a number (added to the cost of the selection, like
 * graphql-query-complexity's field-extensions estimator) or a function of the field's coerced
 * arguments, the cost of its selection for one item (`childComplexity`), the fields above it with
 * their arguments (`ancestors`: a cell's `sources` depend on the measure and jurisdictions of the
 * `cells` above it) and the reference data in memory (`reference`: the division hierarchy and the
 * catalog, so selections are resolved exactly). Without a price, an object costs 1 plus its selection
 * and a scalar nothing.
 *
 * Costs add up over aliases and fragments and multiply down the nesting. Introspection's own lists
 * are priced by the largest list this schema has of each kind.
 */
export interface CostOptions {
  args: Record<string, unknown>;
  /** Cost of the field's selection for one item (0 for a scalar). */
  childComplexity: number;
  /** The fields above this one, outermost first, with their coerced arguments. */
  ancestors: readonly FieldCall[];
  reference: PricingReference;
  /** How many organs a jurisdiction has (`organsOf`), read from the database for the request (see QueryLimits). */
  organs(code: string): number;
}

export interface FieldCall {
  /** `Type.field`, for messages. */
  field: string;
  args: Record<string, unknown>;
  /** The field's own price, as declared beside it: how a price below recognises the field it hangs under. */
  price: unknown;
}

export type CostEstimator = (options: CostOptions) => number;

/** A list of `size` items, each costing 1 plus its selection (a scalar list: 1 per value). */
export function listOf(size: (options: CostOptions) => number): Complexity {
  return priced((o) => size(o) * (1 + o.childComplexity));
}

/** The arguments of the nearest field above that matches (e.g. priced by a given estimator, or with a given argument). */
export function ancestorArgs(options: CostOptions, match: (call: FieldCall) => boolean): Record<string, unknown> | null {
  for (let i = options.ancestors.length - 1; i >= 0; i--) if (match(options.ancestors[i])) return options.ancestors[i].args;
  return null;
}

/** What the type-graphql decorators take as `complexity`. */
export type Complexity = NonNullable<FieldOptions['complexity']>;

/** A `complexity` option for a type-graphql decorator, called by this walk with CostOptions. */
export function priced(estimator: CostEstimator): Complexity {
  return estimator as unknown as Complexity;
}

/**
 * Organs with a report per jurisdiction and year (departments included), upper-ish: 平潭 has 18, a
 * prefecture's government a few dozen departments. For lists whose jurisdiction is not known before
 * they run; `organsOf` is priced by the real count.
 */
export const ORGANS_PER_JURISDICTION = 40;
/** Years a jurisdiction has reports for, upper-ish (2014–2024). */
export const REPORT_YEARS = 11;
/** Identities checked on one report (I1–I5 over columns, rows and groups). */
export const CONSISTENCY_CHECKS = 60;
/** Parts a report may declare missing, warnings an import may give. */
export const MISSING_PARTS = 30;
export const IMPORT_WARNINGS = 10;
/** Reports one curation change names (superseded, corrected, restored), metadata fields it can change, entries of a report's history. */
export const REPORTS_PER_CHANGE = 4;
export const FIELDS_CHANGED = 6;
export const HISTORY_ENTRIES = 20;
/** Codes one declared-missing part names (a table-3 row: 7). */
export const MISSING_PART_CODES = 7;
/** Kinds of report (scope × organ kind), provinces. */
export const REPORT_KINDS = 4;
export const PROVINCES = 34;
/** Report years the inventory lists, upper-ish (2014 to a few years ahead). */
export const INVENTORY_YEARS = 20;
/** Cells an identity may name as blank. */
export const BLANK_CELLS = 30;

/** Selector and indicator-list summaries remembered by the pricing reference. */
const REMEMBERED = 1_000;
/** Above this many selections visited, the document itself is too costly to price (fragment fan-out). */
const MAX_VISITS = 50_000;
/** Longest text of any argument unless its input field says otherwise (`maxTextLength` extension). */
export const MAX_TEXT_LENGTH = 1_000;
/** Deepest nesting of a request's variables (the deepest input type of this schema nests 3 levels). */
export const MAX_VARIABLE_DEPTH = 16;

/**
 * Reference data the prices read, in memory: sizes are exact, never guessed from names. Made once per
 * server from the hierarchy and the catalog (reference data that requests never change).
 */
export class PricingReference {
  readonly indicatorCount: number;
  /** Most indicators of one table of the format (what one missing part can name). */
  readonly largestTable: number;
  readonly maxChildren: number;
  readonly maxSubtree: number;
  private readonly subtreeSizes = new Map<string, number>();
  private readonly selections = new Map<string, { count: number; largestSubtree: number } | null>();
  private readonly baseCodes = new Map<string, number>();
  private readonly rules: Map<string, IndicatorRule>;
  readonly introspection: Record<string, number>;

  constructor(
    readonly hierarchy: Hierarchy,
    readonly catalog: ReadonlyMap<string, IndicatorType>,
    readonly maxPageSize: number,
    /** Largest jurisdictions × indicators × years of one roll-up request (OGI_MAX_CELLS). */
    readonly maxCells: number,
    schema: GraphQLSchema,
  ) {
    this.indicatorCount = catalog.size;
    const perTable = new Map<string, number>();
    for (const indicator of catalog.values()) perTable.set(indicator.table, (perTable.get(indicator.table) ?? 0) + 1);
    this.largestTable = Math.max(1, ...perTable.values());
    this.rules = new Map([...catalog.values()].map((i) => [i.code, ruleOf(i)]));
    // Subtree sizes bottom-up: children have longer codes' levels, so visit rows deepest level first.
    const rows = [...hierarchy.rows].sort((a, b) => depthOf(b) - depthOf(a));
    let maxChildren = 0;
    for (const row of rows) {
      const children = hierarchy.children(row.code);
      maxChildren = Math.max(maxChildren, children.length);
      this.subtreeSizes.set(row.code, 1 + children.reduce((n, c) => n + (this.subtreeSizes.get(c.code) ?? 1), 0));
    }
    this.maxChildren = Math.max(1, maxChildren);
    this.maxSubtree = Math.max(1, ...this.subtreeSizes.values());
    this.introspection = introspectionSizes(schema);
  }

  /** The jurisdictions a selector names, resolved as the cells planner does (its errors included). */
  select(selection: unknown): HierarchyRow[] {
    return this.hierarchy.select((selection ?? {}) as JurisdictionSelection);
  }

  /**
   * How many jurisdictions a selector names and the largest subtree among them; null when the planner
   * will refuse it. Remembered per selector (an alias bomb repeats one selector hundreds of times, and
   * pricing must stay cheaper than what it protects).
   */
  selection(selection: unknown): { count: number; largestSubtree: number } | null {
    const key = JSON.stringify(selection ?? null);
    if (this.selections.has(key)) return this.selections.get(key)!;
    let summary: { count: number; largestSubtree: number } | null = null;
    try {
      const rows = this.select(selection);
      summary = { count: rows.length, largestSubtree: rows.reduce((max, row) => Math.max(max, this.subtreeSize(row.code)), 0) };
    } catch {
      summary = null;
    }
    if (this.selections.size >= REMEMBERED) this.selections.clear();
    this.selections.set(key, summary);
    return summary;
  }

  subtreeSize(code: string): number {
    return this.subtreeSizes.get(code) ?? 1;
  }

  /** Distinct base (printed) indicators the codes are computed from: what a roll-up reads. Remembered per list. */
  baseCodeCount(codes: readonly string[]): number {
    const key = codes.join('\u0000');
    let count = this.baseCodes.get(key);
    if (count === undefined) {
      const base = new Set<string>();
      for (const code of codes) if (this.rules.has(code)) baseCodesOf(code, this.rules, base);
      count = Math.max(1, base.size);
      if (this.baseCodes.size >= REMEMBERED) this.baseCodes.clear();
      this.baseCodes.set(key, count);
    }
    return count;
  }
}

function depthOf(row: HierarchyRow): number {
  return row.level === 'PROVINCE' ? 0 : row.level === 'PREFECTURE' ? 1 : 2;
}

/** The largest list introspection can answer of each kind, from the schema itself. */
function introspectionSizes(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  const max = (values: number[]) => Math.max(1, ...values);
  const fields = types.flatMap((t) => (isObjectType(t) || isInterfaceType(t) ? [Object.values(t.getFields())] : []));
  return {
    '__Schema.types': types.length,
    '__Schema.directives': schema.getDirectives().length,
    '__Type.fields': max(fields.map((f) => f.length)),
    '__Type.interfaces': max(types.map((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0))),
    '__Type.possibleTypes': max(types.map((t) => (isCompositeType(t) && !isObjectType(t) ? schema.getPossibleTypes(t).length : 0))),
    '__Type.enumValues': max(types.map((t) => (isEnumType(t) ? t.getValues().length : 0))),
    '__Type.inputFields': max(types.map((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0))),
    '__Field.args': max(fields.flat().map((f) => f.args.length)),
    '__Directive.args': max(schema.getDirectives().map((d) => d.args.length)),
    '__Directive.locations': 19,
  };
}

type Variables = Record<string, unknown>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  reference: PricingReference;
  organs(code: string): number;
  visits: number;
  /** Fragment costs per spread context (the same ancestors list): a fragment spread many times is priced once. */
  fragmentCosts: WeakMap<readonly FieldCall[], Map<string, number>>;
}

/**
 * The cost of one operation with its coerced variables. Also checks every argument's text (no NUL,
 * length) before anything runs, since the walk has the coerced arguments at hand.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Variables,
  reference: PricingReference,
  organs: (code: string) => number,
): number {
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;
  const walk: Walk = { schema, fragments, variables, reference, organs, visits: 0, fragmentCosts: new WeakMap() };
  return costOf(walk, operation.selectionSet, root, []);
}

function costOf(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, ancestors: readonly FieldCall[]): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (++walk.visits > MAX_VISITS) {
      throw new LimitExceededError(
        'QUERY_TOO_COSTLY',
        `This query has more than ${MAX_VISITS.toLocaleString('en')} fields once its fragments are spread; ask for fewer fields or fragments.`,
        { http: { status: 400 } },
      );
    }
    if (skipped(walk, selection)) continue;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? walk.schema.getType(typeName) : parent;
      if (type && isCompositeType(type)) total += costOf(walk, selection.selectionSet, type, ancestors);
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      let known = walk.fragmentCosts.get(ancestors);
      if (!known) walk.fragmentCosts.set(ancestors, (known = new Map()));
      let cost = known.get(name);
      if (cost === undefined) {
        // Validation has refused cycles; a placeholder keeps a bad document from recursing anyway.
        known.set(name, 0);
        const fragment = walk.fragments.get(name);
        const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
        cost = fragment && type && isCompositeType(type) ? costOf(walk, fragment.selectionSet, type, ancestors) : 0;
        known.set(name, cost);
      }
      total += cost;
    } else {
      total += fieldCost(walk, selection, parent, ancestors);
    }
  }
  return total;
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLCompositeType, ancestors: readonly FieldCall[]): number {
  const name = node.name.value;
  if (name === '__typename') return 0;
  const field = fieldOf(walk.schema, parent, name);
  if (!field) return 0;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, node, walk.variables) as Record<string, unknown>;
  } catch {
    // An argument execution will refuse (a null for a non-null one): priced at its largest, then refused there as before.
    args = {};
  }
  for (const definition of field.args) checkText(args[definition.name], definition.type, definition.name);
  const key = `${parent.name}.${name}`;
  const child = getNamedType(field.type);
  const price = field.extensions?.complexity as number | CostEstimator | undefined;
  const childComplexity =
    node.selectionSet && isCompositeType(child) ? costOf(walk, node.selectionSet, child, [...ancestors, { field: key, args, price }]) : 0;
  if (typeof price === 'number') return price + childComplexity;
  if (typeof price === 'function') return price({ args, childComplexity, ancestors, reference: walk.reference, organs: walk.organs });
  const introspected = walk.reference.introspection[key];
  if (introspected !== undefined) return introspected * (isLeafType(child) ? 1 : 1 + childComplexity);
  if (isListType(getNullableType(field.type))) throw new Error(`${key} is a list without a price (see assertEveryListPriced)`);
  return isCompositeType(child) ? 1 + childComplexity : 0;
}

function fieldOf(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function skipped(walk: Walk, node: SelectionNode): boolean {
  if (!node.directives?.length) return false;
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return true;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if === false;
}

/**
 * Text arguments are checked before the database sees them, the same on SQLite and PostgreSQL (which
 * refuses NUL in text): no U+0000, and at most MAX_TEXT_LENGTH characters unless the input field
 * allows more (`@Extensions({ maxTextLength })`, e.g. a report's content).
 */
function checkText(value: unknown, type: GraphQLInputType, path: string, maxLength = MAX_TEXT_LENGTH): void {
  if (value === null || value === undefined) return;
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      throw new BadUserInputError(
        `${path} contains a NUL character (U+0000), which no text here may hold: remove it (send binary files base64-encoded).`,
        { argument: path },
      );
    if (value.length > maxLength)
      throw new BadUserInputError(
        `${path} is ${value.length.toLocaleString('en')} characters long; at most ${maxLength.toLocaleString('en')} are accepted.`,
        { argument: path },
      );
    return;
  }
  if (isListType(nullable) && Array.isArray(value)) {
    value.forEach((item, i) => checkText(item, nullable.ofType, `${path}[${i}]`, maxLength));
    return;
  }
  if (isInputObjectType(nullable) && typeof value === 'object') {
    for (const field of Object.values(nullable.getFields())) {
      const allowed = field.extensions?.maxTextLength;
      checkText(
        (value as Record<string, unknown>)[field.name],
        field.type,
        `${path}.${field.name}`,
        typeof allowed === 'number' ? allowed : MAX_TEXT_LENGTH,
      );
    }
  }
}

/**
 * Variables nested deeper than any input of the schema are refused before anything reads them (some
 * of graphql-js's and JSON's own code recurses, and thousands of levels exhaust the stack). Iterative.
 */
export function checkVariablesDepth(variables: unknown): void {
  const stack: [unknown, number][] = [[variables, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_VARIABLE_DEPTH) {
      throw new BadUserInputError(`The variables nest more than ${MAX_VARIABLE_DEPTH} levels deep; no input of this API nests that deep.`, {
        argument: 'variables',
        http: { status: 400 },
      });
    }
    for (const item of Array.isArray(value) ? value : Object.values(value)) stack.push([item, depth + 1]);
  }
}

/** Refuses to build a schema with a list field that has no price (introspection's own lists apart). */
export function assertEveryListPriced(schema: GraphQLSchema): void {
  const unpriced: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type)) && field.extensions?.complexity === undefined)
        unpriced.push(`${type.name}.${field.name}`);
    }
  }
  if (unpriced.length > 0)
    throw new Error(
      `Every list field needs a price (the \`complexity\` option of its decorator, see src/http/query-cost.ts): ${unpriced.join(', ')}`,
    );
}
