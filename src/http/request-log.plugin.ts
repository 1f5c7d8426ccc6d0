import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../logger';

/** One JSON line per GraphQL request: operation name, duration, outcome and error codes (never tokens or variables). */
export function logGraphqlRequest(logger: Logger, operation: string | null, startedAt: number, errors: readonly { extensions?: Record<string, unknown> }[] | undefined): void {
  logger.info('graphql request', {
    operation,
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    outcome: errors && errors.length > 0 ? 'error' : 'ok',
    errorCodes: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
  });
}

/** The request log of requests Apollo Server answers (prepared operations log the same line themselves). */
export function requestLogPlugin<TContext extends object>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          logGraphqlRequest(logger, operationName ?? null, started, errors);
        },
      };
    },
  };
}
