import path from 'node:path';

/** Everything the server reads from its environment, validated once at start-up. */
export interface Config {
  host: string;
  port: number;
  database: DatabaseConfig;
  /** Bearer tokens that may write (import and curate reports), each with the name the audit log gives it. Empty: writes are refused. */
  writeTokens: WriteToken[];
  /** Largest `first` a list field accepts. */
  maxPageSize: number;
  /** Largest jurisdictions × indicators × years of one cells/matrix/series/ranking request. */
  maxCells: number;
  /** Deepest field nesting of an operation (`ofType` chains of introspection do not count). */
  maxDepth: number;
  /** Largest estimated cost (objects the response may hold, lists counted by `first` or their estimated length). */
  maxCost: number;
  /** Largest request body, in bytes (413 PAYLOAD_TOO_LARGE beyond). */
  maxBodyBytes: number;
  /**
   * Time limit of one query, in milliseconds (REQUEST_TIMEOUT beyond), checked at resolver boundaries and between chunks of large
   * computations.
   */
  requestTimeoutMs: number;
  /** Largest serialised answer, in bytes (RESPONSE_TOO_LARGE beyond). */
  maxResponseBytes: number;
  /** Cost from which a request is expensive: it waits for one of `maxExpensive` places. */
  expensiveCost: number;
  /** Expensive requests running at once; more wait in a queue. */
  maxExpensive: number;
  /** Expensive requests waiting; beyond, 503 OVERLOADED with Retry-After. */
  expensiveQueue: number;
  /** Expensive requests of one client address, running or waiting (503 OVERLOADED beyond). */
  maxExpensivePerClient: number;
  /** Imports waiting for the write queue (503 OVERLOADED beyond); one runs at a time. */
  writeQueue: number;
  http: HttpLimits;
  /** Time limit of the readiness probe's database check (503 beyond). */
  readyTimeoutMs: number;
  /** `max-age` of successful GET query responses, in seconds (0: revalidate with the ETag every time). */
  cacheMaxAgeSeconds: number;
  /** Origins whose pages may read `/graphql` and `/export/*` (CORS): `*` for any, or a list. */
  corsOrigins: '*' | string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** A write token and its name: the audit log records the name, never the token. */
export interface WriteToken {
  name: string;
  token: string;
}

/** What one client connection may hold (node:http server options, and a cap per client address). */
export interface HttpLimits {
  /** Time to receive a request's headers (node:http `headersTimeout`). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (node:http `requestTimeout`). */
  requestTimeoutMs: number;
  /** Idle time of a kept-alive connection between requests (node:http `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
  /** Open connections in all (node:http `maxConnections`: further ones are closed at once). */
  maxConnections: number;
  /** Open connections from one client address (further ones are closed at once). */
  maxConnectionsPerClient: number;
}

export type DatabaseConfig =
  | {
      type: 'sqlite';
      path: string;
      /**
       * How long a write waits, synchronously, for another process's write lock (better-sqlite3's `timeout`; SQLITE_BUSY beyond).
       */
      busyTimeoutMs?: number;
    }
  | { type: 'postgres'; url: string; schema?: string; timeouts?: PostgresTimeouts };

/** PostgreSQL bounds (pg's connectionTimeoutMillis, statement_timeout and query_timeout, pool size). */
export interface PostgresTimeouts {
  /** Connecting, and waiting for a free connection of the pool. */
  connectMs: number;
  /**
   * One statement: on the server (statement_timeout) and on the client (query_timeout, a little later); null: unbounded (start-up's
   * migrations and first loads).
   */
  statementMs: number | null;
  poolSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Reads the environment; throws one ConfigError listing every problem found. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const port = integer('OGI_PORT', 4000, 0, 65535);
  const maxPageSize = integer('OGI_MAX_PAGE_SIZE', 500, 1, 100_000);
  const maxCells = integer('OGI_MAX_CELLS', 200_000, 1, 100_000_000);
  const maxDepth = integer('OGI_MAX_DEPTH', 12, 2, 1000);
  const maxCost = integer('OGI_MAX_COST', 1_000_000, 1, 1_000_000_000);
  const maxBodyBytes = integer('OGI_MAX_BODY_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  const requestTimeoutMs = integer('OGI_REQUEST_TIMEOUT_MS', 30_000, 1, 3_600_000);
  const cacheMaxAgeSeconds = integer('OGI_CACHE_MAX_AGE', 0, 0, 31_536_000);
  const maxResponseBytes = integer('OGI_MAX_RESPONSE_BYTES', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  const expensiveCost = integer('OGI_EXPENSIVE_COST', 20_000, 1, 1_000_000_000);
  const maxExpensive = integer('OGI_MAX_EXPENSIVE', 2, 1, 1000);
  const expensiveQueue = integer('OGI_EXPENSIVE_QUEUE', 16, 0, 100_000);
  const maxExpensivePerClient = integer('OGI_MAX_EXPENSIVE_PER_CLIENT', 2, 1, 100_000);
  const writeQueue = integer('OGI_WRITE_QUEUE', 8, 0, 10_000);
  const http: HttpLimits = {
    headersTimeoutMs: integer('OGI_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer('OGI_BODY_TIMEOUT_MS', 30_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer('OGI_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    maxConnections: integer('OGI_MAX_CONNECTIONS', 1_000, 1, 1_000_000),
    maxConnectionsPerClient: integer('OGI_MAX_CONNECTIONS_PER_CLIENT', 64, 1, 1_000_000),
  };
  // node:http refuses a headers timeout longer than the whole request's.
  if (http.headersTimeoutMs > http.requestTimeoutMs)
    problems.push(
      `OGI_HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) must not be longer than OGI_BODY_TIMEOUT_MS (${http.requestTimeoutMs})`,
    );
  const readyTimeoutMs = integer('OGI_READY_TIMEOUT_MS', 2_000, 100, 600_000);
  const timeouts: PostgresTimeouts = {
    connectMs: integer('OGI_DB_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
    statementMs: integer('OGI_DB_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    poolSize: integer('OGI_DB_POOL_SIZE', 10, 1, 1000),
  };
  const host = env.OGI_HOST || '127.0.0.1';

  let database: DatabaseConfig;
  const url = env.OGI_DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) problems.push(`OGI_DATABASE_URL must be a postgres:// URL, got "${url}"`);
    database = { type: 'postgres', url, schema: env.OGI_DATABASE_SCHEMA || undefined, timeouts };
  } else {
    database = {
      type: 'sqlite',
      path: path.resolve(env.OGI_SQLITE_PATH || path.join('.data', 'ogi-stats.sqlite')),
      busyTimeoutMs: integer('OGI_SQLITE_BUSY_TIMEOUT_MS', 2_000, 0, 600_000),
    };
  }

  const writeTokens = parseWriteTokens(env.OGI_WRITE_TOKENS ?? '', problems);
  const corsOrigins = parseCorsOrigins(env.OGI_CORS_ORIGINS ?? '', problems);

  const logLevel = (env.OGI_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`OGI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return {
    host,
    port,
    database,
    writeTokens,
    maxPageSize,
    maxCells,
    maxDepth,
    maxCost,
    maxBodyBytes,
    requestTimeoutMs,
    cacheMaxAgeSeconds,
    maxResponseBytes,
    expensiveCost,
    maxExpensive,
    expensiveQueue,
    maxExpensivePerClient,
    writeQueue,
    http,
    readyTimeoutMs,
    corsOrigins,
    logLevel,
  };
}

/**
 * `OGI_CORS_ORIGINS`: `*` (the default: any origin may read this public, cookie-less API) or
 * comma-separated origins as browsers send them (`https://dash.example.org`, `http://localhost:5173`):
 * scheme, host and port only, no path.
 */
export function parseCorsOrigins(raw: string, problems: string[]): '*' | string[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0 || (entries.length === 1 && entries[0] === '*')) return '*';
  const origins: string[] = [];
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry.replace(/\/$/, '')) origin = url.origin;
    } catch {
      origin = null;
    }
    if (origin === null)
      problems.push(
        `OGI_CORS_ORIGINS must be * or a comma-separated list of origins such as https://dash.example.org (scheme, host, optional port; no path), got "${entry}"`,
      );
    else origins.push(origin);
  }
  return origins;
}

const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `OGI_WRITE_TOKENS`: comma-separated entries, each `name:token` or a bare `token` (named `token-N` by
 * its position, as before names existed). An entry is named only when the text before its first colon
 * is a name (letters, digits, `._-`, at most 64); otherwise the whole entry is the token.
 */
export function parseWriteTokens(raw: string, problems: string[]): WriteToken[] {
  const tokens: WriteToken[] = [];
  const entries = raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const named = colon > 0 && TOKEN_NAME.test(entry.slice(0, colon));
    const token = named ? entry.slice(colon + 1).trim() : entry;
    const name = named ? entry.slice(0, colon) : `token-${i + 1}`;
    if (token.length < 16) problems.push(`the token of OGI_WRITE_TOKENS entry ${i + 1} (${name}) must be at least 16 characters long`);
    if (tokens.some((t) => t.name === name)) problems.push(`OGI_WRITE_TOKENS names two tokens "${name}": give each its own name`);
    if (tokens.some((t) => t.token === token)) problems.push(`OGI_WRITE_TOKENS gives the token of entry ${i + 1} (${name}) twice`);
    tokens.push({ name, token });
  }
  return tokens;
}
