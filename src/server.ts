import 'reflect-metadata';
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLError, printSchema, type GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { createLoaders, type Context, type Services } from './context';
import { httpCachePlugin } from './http/http-cache.plugin';
import { graphqlFastPath } from './http/graphql-handler';
import { httpErrorHandler } from './http/http-error.handler';
import { CompiledOperations } from './http/compiled-execution';
import { PreparedOperations } from './http/prepared-operations';
import { guardResolvers, MAX_TOKENS, QueryLimits, queryLimitsPlugin, RequestDeadline } from './http/query-limits.plugin';
import { requestLogPlugin } from './http/request-log.plugin';
import { mountReadiness } from './http/readiness';
import { PROJECT_ROOT } from './paths';
import { mountIde } from './ide/ide.page';
import { IndicatorService } from './indicators/indicator.service';
import { JurisdictionService } from './jurisdictions/jurisdiction.service';
import { createLogger, type Logger } from './logger';
import { ReportImportService } from './ingestion/report-import.service';
import { OrganService } from './organs/organ.service';
import { ReportService } from './reports/report.service';
import { mountCellsExport } from './rollups/cells.export';
import { CellFactsService } from './rollups/cell-facts.service';
import { mountReportExport } from './reports/report.export';
import { InventoryService } from './reports/inventory.service';
import { mountIndicatorsExport } from './indicators/indicator.export';
import { RollupService } from './rollups/rollup.service';
import { buildAppSchema } from './schema';

export const GRAPHQL_PATH = '/graphql';

export interface App {
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  /** Repeated query operations answered without Apollo's pipeline (null when switched off). */
  prepared: PreparedOperations<Context> | null;
  /** Context for `apollo.executeOperation` in tests: what a request with these headers would get. */
  contextFor(headers?: Record<string, string | undefined>): Context;
  stop(): Promise<void>;
}

export function createServices(dataSource: DataSource): Services {
  return {
    jurisdictions: new JurisdictionService(dataSource),
    indicators: new IndicatorService(dataSource),
    reports: new ReportService(dataSource),
    imports: ReportImportService.forDatabase(dataSource),
    rollups: new RollupService(dataSource),
    cellFacts: new CellFactsService(dataSource),
    inventory: new InventoryService(dataSource),
    organs: new OrganService(dataSource),
  };
}

/** Constant-time token check: digests have equal length whatever the input, so timingSafeEqual applies. */
export function isWriteToken(authorization: string | undefined, tokens: readonly string[]): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = createHash('sha256').update(match[1]).digest();
  let ok = false;
  for (const token of tokens) {
    if (timingSafeEqual(given, createHash('sha256').update(token).digest())) ok = true;
  }
  return ok;
}

const CLIENT_ERROR_MESSAGE = /^(Argument "[^"]+" |Variable "\$[^"]+" |Too many errors processing variables)/;

/**
 * Errors made as GraphQLErrors (ours in errors.ts, GraphQL's parse/validation/coercion errors) are meant
 * for the client and pass unchanged. Anything else is a bug: logged with its stack, masked for the client.
 */
function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    // graphql-js's own argument and variable errors met during execution carry no code: the client's.
    if ((!original || (original instanceof GraphQLError && original.extensions.code === undefined)) && CLIENT_ERROR_MESSAGE.test(formatted.message)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    if (!original || original instanceof GraphQLError) return formatted;
    logger.error('unexpected error', { error: original instanceof Error ? original.stack : String(original), path: formatted.path });
    return { message: 'Internal server error: it has been logged. Try again later or report it.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Names the schema and release in ETags, so that a deploy invalidates cached answers too. */
function buildTag(schemaText: string): string {
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return createHash('sha256').update(`${version}\n${schemaText}`).digest('base64url').slice(0, 12);
}

/** Builds the HTTP app and the Apollo server without listening, so tests and main.ts share it. */
export async function createApp(options: {
  config: Config;
  dataSource: DataSource;
  logger?: Logger;
  /** Answer repeated query operations without Apollo's pipeline (default true; tests compare both ways). */
  preparedOperations?: boolean;
}): Promise<App> {
  const { config, dataSource } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const services = createServices(dataSource);
  const app = express();
  // Express until the GraphQL fast path is ready (below); then the fast path, which hands over to Express all but GET/POST /graphql.
  let handle: http.RequestListener = app;
  const httpServer = http.createServer((req, res) => handle(req, res));
  const contextFor = (headers: Record<string, string | undefined> = {}): Context => ({
    config,
    services,
    loaders: createLoaders(services, config),
    canWrite: isWriteToken(headers.authorization, config.writeTokens),
    deadline: new RequestDeadline(config.requestTimeoutMs),
  });

  const schema = await buildAppSchema();
  guardResolvers(schema);
  const compiled = new CompiledOperations(schema);
  const limits = new QueryLimits(config);
  const prepared = options.preparedOperations === false ? null : new PreparedOperations<Context>(compiled, limits, logger);
  const apollo = new ApolloServer<Context>({
    // Operations run compiled (see compiled-execution.ts); Apollo takes a custom executor only as a gateway.
    gateway: compiled.gateway(),
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin<Context>(limits, config),
      httpCachePlugin<Context>({ dataSource, maxAgeSeconds: config.cacheMaxAgeSeconds, tag: buildTag(printSchema(schema)) }),
      requestLogPlugin<Context>(logger),
      // Last: it records the headers the plugins above have set on a clean answer (Apollo calls the
      // willSendResponse hooks in this order, and theirs set headers before any await).
      ...(prepared ? [prepared.plugin()] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  mountReadiness(app, dataSource);
  mountIde(app, GRAPHQL_PATH);
  mountCellsExport(app, services, config, logger);
  mountReportExport(app, services, logger);
  mountIndicatorsExport(app, services, logger);
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: config.maxBodyBytes }),
    expressMiddleware(apollo, { context: async ({ req }) => contextFor({ authorization: req.headers.authorization }) }),
  );
  app.use(httpErrorHandler(logger, config.maxBodyBytes));
  handle = graphqlFastPath({
    path: GRAPHQL_PATH,
    apollo,
    context: (req) => contextFor({ authorization: req.headers.authorization }),
    prepared,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    fallback: app,
  });

  return {
    app,
    httpServer,
    apollo,
    services,
    prepared,
    contextFor,
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
