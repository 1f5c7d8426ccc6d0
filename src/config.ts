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
  /** Time limit of one query, in milliseconds (REQUEST_TIMEOUT beyond), checked at resolver boundaries. */
  requestTimeoutMs: number;
  /** `max-age` of successful GET query responses, in seconds (0: revalidate with the ETag every time). */
  cacheMaxAgeSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** A write token and its name: the audit log records the name, never the token. */
export interface WriteToken {
  name: string;
  token: string;
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string; schema?: string };

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
  const host = env.OGI_HOST || '127.0.0.1';

  let database: DatabaseConfig;
  const url = env.OGI_DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) problems.push(`OGI_DATABASE_URL must be a postgres:// URL, got "${url}"`);
    database = { type: 'postgres', url, schema: env.OGI_DATABASE_SCHEMA || undefined };
  } else {
    database = { type: 'sqlite', path: path.resolve(env.OGI_SQLITE_PATH || path.join('.data', 'ogi-stats.sqlite')) };
  }

  const writeTokens = parseWriteTokens(env.OGI_WRITE_TOKENS ?? '', problems);

  const logLevel = (env.OGI_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`OGI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return { host, port, database, writeTokens, maxPageSize, maxCells, maxDepth, maxCost, maxBodyBytes, requestTimeoutMs, cacheMaxAgeSeconds, logLevel };
}

const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `OGI_WRITE_TOKENS`: comma-separated entries, each `name:token` or a bare `token` (named `token-N` by
 * its position, as before names existed). An entry is named only when the text before its first colon
 * is a name (letters, digits, `._-`, at most 64); otherwise the whole entry is the token.
 */
export function parseWriteTokens(raw: string, problems: string[]): WriteToken[] {
  const tokens: WriteToken[] = [];
  const entries = raw.split(',').map((t) => t.trim()).filter(Boolean);
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
