import type { RequestHandler } from 'express';

/** Request headers a cross-origin client may send: JSON bodies, the write token, Apollo's client headers, revalidation. */
const ALLOWED_HEADERS = 'Accept, Authorization, Content-Type, If-None-Match, Apollo-Require-Preflight, X-Apollo-Operation-Name';
/** Response headers a cross-origin script may read beyond the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'ETag, Retry-After, Content-Disposition, Content-Length';
/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE = 86_400;

/**
 * CORS for the public read API (`/graphql`, `/export/*`), as Express middleware: `origins` is `*`
 * (any origin: the API uses no cookies, so no credentials are ever allowed) or a list of origins
 * (`https://dash.example.org`), echoed back when the request's `Origin` is one of them. Preflights
 * (`OPTIONS` with `Access-Control-Request-Method`) are answered here with 204: GET and POST, the
 * headers above (`Authorization` for the write token); other methods reach the route, which refuses
 * them as before. Requests from an origin not listed get no CORS headers: the browser keeps their
 * answer from the page, while non-browser clients are not affected.
 */
export function corsMiddleware(origins: '*' | readonly string[]): RequestHandler {
  const listed = origins === '*' ? null : new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (listed) {
      // Caches must keep one answer per Origin when the allowed origin is echoed.
      res.vary('Origin');
      if (origin === undefined || !listed.has(origin)) {
        next();
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
    } else {
      res.setHeader('Access-Control-Allow-Origin', '*');
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
      res.setHeader('Content-Length', '0');
      res.status(204).end();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    next();
  };
}
