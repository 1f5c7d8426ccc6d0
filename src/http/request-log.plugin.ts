import type { ApolloServerPlugin } from '@apollo/server';

/** What the request log says of an operation Apollo Server answered: its name and error codes. */
export interface RequestOutcome {
  operation: string | null;
  errorCodes: unknown[] | undefined;
}

/**
 * By the request's deadline: Apollo Server runs each operation with a shallow copy of the context, so
 * the deadline is the object the context function's context and the plugin's copy share.
 */
const outcomes = new WeakMap<object, RequestOutcome>();

/** The outcome recorded for a request's context, if Apollo got that far. */
export function outcomeOf(context: { deadline: object } | undefined): RequestOutcome | undefined {
  return context ? outcomes.get(context.deadline) : undefined;
}

/**
 * Records each request's operation name and final error codes (never tokens or variables) for the one
 * log line written once the answer is sent (graphql-answers.middleware.ts): that line also has the
 * status, the size and the real duration from the request's arrival.
 * Must come after the plugins that change the answer in `willSendResponse` (the time limit's collapse).
 */
export function requestLogPlugin<TContext extends { deadline: object }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operationName, response, errors, contextValue }) {
          const sent = response.body.kind === 'single' ? response.body.singleResult.errors : errors;
          outcomes.set(contextValue.deadline, {
            operation: operationName ?? null,
            errorCodes: sent?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
          });
        },
      };
    },
  };
}
