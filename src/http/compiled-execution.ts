import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Execution of operations compiled to JavaScript by graphql-jit, plugged into Apollo Server as its
 * executor (Apollo Server 4+ takes a custom executor only through the `gateway` option; nothing here
 * is federated). Apollo keeps everything else: parsing and validation (cached per query text in its
 * document store), plugins (limits, caching, logging), error formatting and the HTTP answer.
 *
 * Why: at national scale the work of a typical request (a few SQL statements, tens of cells) is
 * smaller than graphql-js's generic execution of it. A compiled operation reads plain fields without
 * calling a resolver and coerces arguments with code generated for that operation.
 *
 * graphql-js stays the reference wherever graphql-jit differs from it:
 * - when graphql-jit refuses a request's variables, the request runs on graphql-js `execute`, which
 *   answers with its own errors (Apollo turns them into 400 BAD_USER_INPUT), or runs it where graphql-jit
 *   was wrong to refuse (it does not apply the default of a non-null input field, for one);
 * - an operation graphql-jit cannot compile runs on graphql-js `execute`;
 * - errors are handed to Apollo as graphql-js GraphQLErrors (graphql-jit's own lack `extensions`).
 * tests/api/compiled-execution.api.test.ts runs good and bad requests both ways and compares them.
 *
 * Compiled operations are cached per validated document: Apollo's document store hands the same
 * DocumentNode to every request with the same query text, and a WeakMap lets a compiled operation go
 * when the store drops its document. An operation is compiled the second time its document runs, not
 * the first: compiling costs several times one run, so a text sent once (clients that build query
 * texts instead of sending variables) runs on graphql-js and is never compiled.
 */
export class CompiledOperations {
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null | typeof SEEN_ONCE>>();

  constructor(readonly schema: GraphQLSchema) {}

  /**
   * The operation compiled once per document and operation name, from its second run on; null on its
   * first run, or when graphql-jit cannot compile it.
   */
  compiledFor(document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null {
    let byName = this.compiled.get(document);
    if (!byName) this.compiled.set(document, (byName = new Map()));
    const key = operationName ?? '';
    const entry = byName.get(key);
    if (entry === undefined) {
      byName.set(key, SEEN_ONCE);
      return null;
    }
    if (entry !== SEEN_ONCE) return entry;
    const made = compileQuery(this.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    const compiled = isCompiledQuery(made) ? made : null;
    byName.set(key, compiled);
    return compiled;
  }

  /** Runs a validated operation, compiled where graphql-jit agrees with graphql-js (see above). */
  async execute(
    document: DocumentNode,
    operationName: string | null | undefined,
    context: unknown,
    variables: Record<string, unknown> | undefined,
  ): Promise<ExecutionResult> {
    const generic = () => execute({ schema: this.schema, document, contextValue: context, variableValues: variables ?? {}, operationName });
    const query = this.compiledFor(document, operationName);
    if (!query) return generic();
    const result: ExecutionResult = await query.query(undefined, context, variables ?? {});
    // No `data` at all: graphql-jit refused the variables; graphql-js says why, or runs them.
    if (result.data === undefined) return generic();
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  }

  /** The compiled executor as the `gateway` of an Apollo Server. */
  gateway(): GatewayInterface {
    const { schema } = this;
    const executor: GatewayExecutor = async ({ document, request, context, operation }) =>
      operation
        ? this.execute(document, request.operationName, context, request.variables)
        : execute({
            schema,
            document,
            contextValue: context,
            variableValues: request.variables ?? {},
            operationName: request.operationName,
          });
    return {
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
        return () => {};
      },
      async load() {
        return { executor };
      },
      async stop() {},
    };
  }
}

/** An operation run once: compiled if it runs again. */
const SEEN_ONCE = Symbol('seen once');

/** A graphql-js GraphQLError with the same message, locations, path, original error and extensions. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  if (error.locations) (copy as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}
