import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Config } from '../../src/config';
import type { Services } from '../../src/context';
import { ensureReferenceData } from '../../src/ingestion/reference-data.loader';
import type { Logger } from '../../src/logger';
import { createApp, type App } from '../../src/server';
import { testConfig } from './api';
import { createTestDatabase } from './database';

/** One log call as the app made it. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line, for assertions. */
export function capturingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface LimitsServer {
  url: string;
  app: App;
  dataSource: DataSource;
  config: Config;
  /** SQL statements sent since the start (only for the database the helper made). */
  statements: string[];
  close(): Promise<void>;
}

/**
 * A real server on a loopback port with its own configuration, logger and (optionally) patched
 * services, for the limits, caching, health and log tests. Consume every response body, or close()
 * waits for the keep-alive sockets (Apollo's drain plugin).
 */
export async function startLimitsServer(
  options: {
    config?: Partial<Config>;
    logger?: Logger;
    seed?: (dataSource: DataSource) => Promise<void>;
    patch?: (services: Services) => void;
    dataSource?: DataSource;
  } = {},
): Promise<LimitsServer> {
  const statements: string[] = [];
  let dataSource = options.dataSource;
  let drop = async () => {};
  let database: Config['database'] = { type: 'sqlite', path: ':memory:' };
  if (!dataSource) {
    const db = await createTestDatabase('sqlite', { onQuery: (sql) => statements.push(sql) });
    dataSource = db.dataSource;
    database = db.config;
    drop = db.drop;
    await ensureReferenceData(dataSource);
  }
  if (options.seed) await options.seed(dataSource);
  const config = testConfig({ ...options.config, database });
  const app = await createApp({ config, dataSource, logger: options.logger ?? capturingLogger() });
  options.patch?.(app.services);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    dataSource,
    config,
    statements,
    close() {
      closed ??= app.stop().then(drop);
      return closed;
    },
  };
}

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs an operation as JSON; returns the status, headers and parsed body. */
export async function postGraphQL(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: GraphQLResponseBody }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as GraphQLResponseBody };
}

/** GETs a query as any client would: no special header. */
export async function getGraphQL(
  url: string,
  params: { query: string; variables?: unknown; operationName?: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const search = new URLSearchParams({ query: params.query });
  if (params.variables !== undefined) search.set('variables', JSON.stringify(params.variables));
  if (params.operationName) search.set('operationName', params.operationName);
  const res = await fetch(`${url}/graphql?${search}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
