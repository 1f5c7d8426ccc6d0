import type { ApolloServerPlugin } from '@apollo/server';

/**
 * HTTP statuses monitoring can read, within what the GraphQL-over-HTTP spec allows: an answer whose
 * data is lost (`data` null) to a database that did not answer gets 503, to any other unexpected
 * error 500. An answer with data stays 200 (the spec
 * requires 2xx when `data` is not null, for both media types), and refusals before execution already
 * carry theirs (400 limits, 401/403 writes, 503 overload and time limit) through `extensions.http`.
 */
export function httpStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || (data !== null && data !== undefined) || (response.http.status ?? 200) !== 200) return;
          if (errors.some((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE')) response.http.status = 503;
          else if (errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) response.http.status = 500;
        },
      };
    },
  };
}
