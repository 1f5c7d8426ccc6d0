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
import type { Config, WriteToken } from './config';
import { createLoaders, type Context, type Services } from './context';
import { isDatabaseUnavailable } from './data-source';
import { DatabaseWrites } from './database-writes';
import { AdmissionGate } from './http/admission';
import { limitConnections } from './http/connection-limits';
import { arrivalOf, markArrival } from './http/arrival';
import { corsMiddleware } from './http/cors.middleware';
import { graphqlAnswers, rememberContext } from './http/graphql-answers.middleware';
import { httpCachePlugin } from './http/http-cache.plugin';
import { httpErrorHandler } from './http/http-error.handler';
import { httpStatusPlugin } from './http/http-status.plugin';
import { CompiledOperations } from './http/compiled-execution';
import { assertEveryListPriced, PricingReference } from './http/query-cost';
import { guardResolvers, MAX_TOKENS, QueryLimits, queryLimitsPlugin, RequestDeadline } from './http/query-limits.plugin';
import { requestLogPlugin } from './http/request-log.plugin';
import { mountReadiness } from './http/readiness';
import { PROJECT_ROOT } from './paths';
import { mountDashboard } from './dashboard/dashboard.page';
import { mountIde } from './ide/ide.page';
import { IndicatorService } from './indicators/indicator.service';
import { JurisdictionService } from './jurisdictions/jurisdiction.service';
import { createLogger, type Logger } from './logger';
import { ReportImportService } from './ingestion/report-import.service';
import { ReportStoreService } from './ingestion/report-store.service';
import { AuditService } from './curation/audit.service';
import { CurationService } from './curation/curation.service';
import { OrganService } from './organs/organ.service';
import { ReportService } from './reports/report.service';
import { mountCellsExport } from './rollups/cells.export';
import { CellFactsService } from './rollups/cell-facts.service';
import { mountReportExport } from './reports/report.export';
import { InventoryService } from './reports/inventory.service';
import { mountIndicatorsExport } from './indicators/indicator.export';
import { RollupReader } from './rollups/rollup.reader';
import { CellsService } from './rollups/cells.service';
import { buildAppSchema } from './schema';

export const GRAPHQL_PATH = '/graphql';

export interface App {
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  /** The places for expensive requests (diagnostics and tests). */
  gate: AdmissionGate;
  /** Context for `apollo.executeOperation` in tests: what a request with these headers would get. */
  contextFor(headers?: Record<string, string | undefined>, request?: { client?: string; arrivedAt?: number }): Context;
  stop(): Promise<void>;
}

export function createServices(dataSource: DataSource): Services {
  const store = new ReportStoreService(dataSource);
  const imports = ReportImportService.forDatabase(dataSource, store);
  const readers = {
    jurisdictions: new JurisdictionService(dataSource),
    indicators: new IndicatorService(dataSource),
    rollups: new RollupReader(dataSource),
    cellFacts: new CellFactsService(dataSource),
    organs: new OrganService(dataSource),
  };
  return {
    ...readers,
    reports: new ReportService(dataSource),
    imports,
    cells: new CellsService(readers),
    inventory: new InventoryService(dataSource),
    curation: new CurationService(dataSource, store, imports),
    audit: new AuditService(dataSource),
  };
}

/** Constant-time token check: digests have equal length whatever the input, so timingSafeEqual applies. */
/** The name of the write token a request's `Authorization: Bearer …` carries, or null (compared in constant time). */
export function writerOf(authorization: string | undefined, tokens: readonly WriteToken[]): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const given = createHash('sha256').update(match[1]).digest();
  let name: string | null = null;
  for (const token of tokens) {
    if (timingSafeEqual(given, createHash('sha256').update(token.token).digest())) name = token.name;
  }
  return name;
}

/** What a request may write, and under which name the audit log records it. */
function writeAccess(writer: string | null): Pick<Context, 'canWrite' | 'writer'> {
  return { canWrite: writer !== null, writer };
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
    if (
      (!original || (original instanceof GraphQLError && original.extensions.code === undefined)) &&
      CLIENT_ERROR_MESSAGE.test(formatted.message)
    )
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    if (!original || original instanceof GraphQLError) return formatted;
    if (isDatabaseUnavailable(original)) {
      logger.error('database unavailable', {
        error: original instanceof Error ? original.message : String(original),
        path: formatted.path,
      });
      return {
        message: 'The database did not answer in time: try again later.',
        path: formatted.path,
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      };
    }
    logger.error('unexpected error', { error: original instanceof Error ? original.stack : String(original), path: formatted.path });
    return {
      message: 'Internal server error: it has been logged. Try again later or report it.',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** Names the schema and release in ETags, so that a deploy invalidates cached answers too. */
function buildTag(schemaText: string): string {
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return createHash('sha256').update(`${version}\n${schemaText}`).digest('base64url').slice(0, 12);
}

/** Builds the HTTP app and the Apollo server without listening, so tests and main.ts share it. */
export async function createApp(options: { config: Config; dataSource: DataSource; logger?: Logger }): Promise<App> {
  const { config, dataSource } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const services = createServices(dataSource);
  DatabaseWrites.of(dataSource).maxWaiting = config.writeQueue;
  const app = express();
  // ETags are the HTTP cache plugin's (a data version), never a hash of the body Express would compute.
  app.set('etag', false);
  app.disable('x-powered-by');
  // Request and header timeouts are checked every second (node's default: every 30 s). Every request's
  // arrival is noted before its body is read: deadlines and log lines count from it.
  const httpServer = http.createServer(
    { connectionsCheckingInterval: 1_000, headersTimeout: config.http.headersTimeoutMs, requestTimeout: config.http.requestTimeoutMs },
    (req, res) => {
      markArrival(req);
      app(req, res);
    },
  );
  // A socket idle for longer than a query may run plus a request's upload has a client that stopped reading.
  limitConnections(httpServer, config.http, config.requestTimeoutMs + config.http.requestTimeoutMs, logger);
  const contextFor = (headers: Record<string, string | undefined> = {}, request: { client?: string; arrivedAt?: number } = {}): Context => {
    const deadline = new RequestDeadline(config.requestTimeoutMs, undefined, request.arrivedAt);
    return {
      config,
      services,
      loaders: createLoaders(services, config, deadline),
      ...writeAccess(writerOf(headers.authorization, config.writeTokens)),
      deadline,
      client: request.client ?? 'local',
      release: null,
    };
  };

  const schema = await buildAppSchema();
  assertEveryListPriced(schema);
  guardResolvers(schema);
  const compiled = new CompiledOperations(schema);
  // Prices read the hierarchy and the catalog: reference data, read once per process anyway.
  const [hierarchy, catalog] = await Promise.all([services.jurisdictions.hierarchy(), services.indicators.catalog()]);
  const reference = new PricingReference(hierarchy, catalog, config.maxPageSize, config.maxCells, schema);
  const limits = new QueryLimits(config, reference, (codes) => services.organs.countOf(codes));
  const gate = new AdmissionGate({
    maxRunning: config.maxExpensive,
    maxWaiting: config.expensiveQueue,
    maxPerClient: config.maxExpensivePerClient,
  });
  const apollo = new ApolloServer<Context>({
    // Operations run compiled (see compiled-execution.ts); Apollo takes a custom executor only as a gateway.
    gateway: compiled.gateway(),
    // Apollo's own messages (e.g. a document too deep for its cache to size) as our JSON lines, not console text.
    logger: {
      debug: (message: unknown) => logger.debug('apollo', { detail: String(message) }),
      info: (message: unknown) => logger.info('apollo', { detail: String(message) }),
      warn: (message: unknown) => logger.warn('apollo', { detail: String(message) }),
      error: (message: unknown) => logger.error('apollo', { detail: String(message) }),
    },
    introspection: true,
    // Off, by decision (README, Security): the API uses no cookies, so a cross-site request carries no
    // credentials; writes need `Authorization: Bearer …`, which a browser never adds by itself, and
    // Apollo refuses mutations over GET (405). A plain GET from any client must work without a header.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      // willSendResponse hooks start in this order: the time limit's collapse and the statuses come
      // before the cache headers and the request log, which read the final answer.
      queryLimitsPlugin<Context>(limits, gate, config),
      httpStatusPlugin<Context>(),
      httpCachePlugin<Context>({
        dataSource,
        maxAgeSeconds: config.cacheMaxAgeSeconds,
        tag: buildTag(printSchema(schema)),
        vary: config.corsOrigins === '*' ? 'accept' : 'accept, origin',
      }),
      requestLogPlugin<Context>(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The public read API answers other origins (OGI_CORS_ORIGINS), preflights included.
  const cors = corsMiddleware(config.corsOrigins);
  // Every GraphQL request, any method: CORS, the response cap and log line, the body parser (size
  // limit), then Apollo Server's own Express integration. One route near the top of the router.
  app.all(
    GRAPHQL_PATH,
    cors,
    graphqlAnswers({ maxResponseBytes: config.maxResponseBytes, logger }),
    express.json({ limit: config.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context = contextFor(
          { authorization: req.headers.authorization },
          { client: req.socket.remoteAddress ?? 'unknown', arrivedAt: arrivalOf(req) },
        );
        rememberContext(res, context);
        return context;
      },
    }),
  );
  mountReadiness(app, {
    dataSource,
    timeoutMs: config.readyTimeoutMs,
    logger,
    trusted: (authorization) => writerOf(authorization, config.writeTokens) !== null,
  });
  mountIde(app, GRAPHQL_PATH, schema);
  mountDashboard(app, GRAPHQL_PATH);
  app.use('/export', cors);
  mountCellsExport(app, { services, config, logger, reference, gate });
  mountReportExport(app, services, logger);
  mountIndicatorsExport(app, services, logger);
  app.use(httpErrorHandler(logger, config.maxBodyBytes));

  return {
    app,
    httpServer,
    apollo,
    services,
    gate,
    contextFor,
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
