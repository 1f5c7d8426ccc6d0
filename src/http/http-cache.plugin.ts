import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { readDataVersion } from '../data-version/data-version';

/**
 * HTTP caching of GraphQL queries sent with GET. Before a GET query runs, the data version is read (one
 * primary-key statement; replicas on one database share it) and the ETag is `W/"<version>-<tag>"`, the
 * tag naming the schema and build so that a deploy changes it too. A matching `If-None-Match` is
 * answered 304 without executing anything. Successful responses carry the ETag and
 * `Cache-Control: public, max-age=<OGI_CACHE_MAX_AGE>, must-revalidate`; everything else (POST,
 * mutations, responses with errors) gets `Cache-Control: no-store`. Every stored report bumps the
 * version in its own transaction (src/ingestion/report-store.service.ts), so an import invalidates
 * every cached answer: coarse, but never stale.
 */
export function httpCachePlugin<TContext extends object>(options: {
  dataSource: DataSource;
  maxAgeSeconds: number;
  tag: string;
  /** Request headers the answer varies by (`accept`; `accept, origin` when CORS echoes listed origins). */
  vary: string;
}): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      // POSTs (and other methods) are never cached: one hook, no data version read.
      if (request.http?.method !== 'GET') return NO_STORE;
      let etag: string | null = null;
      let notModified = false;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'query') return;
          etag = `W/"${await readDataVersion(options.dataSource)}-${options.tag}"`;
          notModified = matchesETag(request.http?.headers.get('if-none-match'), etag);
        },
        async responseForOperation() {
          if (!notModified) return null;
          return { http: { status: 304, headers: new HeaderMap() }, body: { kind: 'single', singleResult: {} } };
        },
        async willSendResponse({ response, errors }) {
          const { headers } = response.http;
          const failed =
            (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          // A refusal (a limit, no place, the time limit) is never turned into a 304, whatever the ETag.
          if (etag && !failed) {
            headers.set('etag', etag);
            headers.set('cache-control', `public, max-age=${options.maxAgeSeconds}, must-revalidate`);
            headers.set('vary', options.vary);
            if (notModified) response.http.status = 304;
          } else {
            headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}

const NO_STORE = {
  async willSendResponse({ response }: { response: { http: { headers: Map<string, string> } } }) {
    response.http.headers.set('cache-control', 'no-store');
  },
};

/** Weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag equal once the `W/` prefixes are ignored. */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(etag));
}
