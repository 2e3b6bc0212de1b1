/**
 * What every subgraph shares: the definition a subgraph module exports, the
 * service built from it (no side effects: tests build it with an in-memory
 * database and listen on port 0), and the runner its `index.ts` calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { registerSubgraphSandbox } from '../gateway/sandbox/subgraph';
import {
  CACHE_CONTROL_TYPE_DEFS,
  CacheTags,
  entitiesCacheHintPlugin,
  entityTypeNames,
} from './cache-hints';
import {
  ConfigError,
  loadSubgraphConfig,
  type ShutdownTiming,
  type SubgraphConfig,
  type SubgraphName,
} from './config';
import { openDatabase, type Database } from './database';
import { createErrorMasker, errorLoggingPlugin } from './errors';
import { createHttpApp, drainHttp, listen, onShutdownSignal, Readiness } from './http';
import { GATEWAY_CREDENTIAL_HEADER, isGatewayCredential, VIEWER_HEADER } from './identity';
import { createLogger, type Logger } from './logger';
import { warnUnlessHeapFits } from './memory';
import { migrate } from './migrations';
import { observeSubgraph, type SubgraphObservability } from './observability';

export interface SubgraphContext<Loaders> {
  config: SubgraphConfig;
  db: Database;
  loaders: Loaders;
  /** The signed-in user, as verified by the gateway; null for anonymous requests. */
  viewerId: string | null;
  requestId: string;
  log: Logger;
  /** What the answer depends on, and what a mutation changed, for the gateway's caches. */
  cacheTags: CacheTags;
}

export interface SubgraphDefinition<Loaders = unknown> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders>>;
  /** Folder holding `migrations/*.sql` and `seed.sql`. */
  dataDir: string;
  /** Builds this request's DataLoaders: never shared between requests or users. */
  createLoaders(db: Database, viewerId: string | null): Loaders;
  /** Work the service runs on a timer while it is up; returns how to stop it. */
  startBackgroundJobs?(db: Database, log: Logger): () => Promise<void>;
}

/** Reads a subgraph's `schema.graphql`, the source of truth for its SDL. */
export function loadTypeDefs(dir: string): DocumentNode {
  return parse(fs.readFileSync(path.join(dir, 'schema.graphql'), 'utf8'));
}

export function buildSchema<L>(definition: SubgraphDefinition<L>): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: {
      kind: Kind.DOCUMENT,
      definitions: [...CACHE_CONTROL_TYPE_DEFS.definitions, ...definition.typeDefs.definitions],
    },
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
}

export async function prepareDatabase<L>(
  definition: SubgraphDefinition<L>,
  db: Database,
  seed: boolean,
): Promise<void> {
  const seedFile = path.join(definition.dataDir, 'seed.sql');
  await migrate(
    db,
    path.join(definition.dataDir, 'migrations'),
    seed && fs.existsSync(seedFile) ? seedFile : undefined,
  );
}

export interface SubgraphService {
  name: SubgraphName;
  app: FastifyInstance;
  apollo: ApolloServer<SubgraphContext<unknown>>;
  db: Database;
  /** Metrics, traces and request logs. */
  observability: SubgraphObservability;
  /** GET /ready: ready once listening, while the database answers, until shutdown begins. */
  readiness: Readiness;
  /** Opens the service's port, and the metrics listener when there is one. */
  listen(port: number, host?: string): Promise<string>;
  /** Where /metrics answers once listening: its own listener, or the service's URL. */
  readonly metricsUrl: string | undefined;
  /** Drains (see `drainHttp`; at once by default) and stops; the database stays open. */
  close(timing?: ShutdownTiming): Promise<void>;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function createSubgraphService<L>(
  definition: SubgraphDefinition<L>,
  options: {
    config: SubgraphConfig;
    db: Database;
    log: Logger;
    /** Turns tracing on with this exporter, whatever the configuration (tests keep spans in memory). */
    spanExporter?: SpanExporter;
  },
): Promise<SubgraphService> {
  const { config, log } = options;
  const readiness = new Readiness(() => options.db.query('SELECT 1'));
  const app = createHttpApp({ readiness, limits: config.http, log });
  const schema = buildSchema(definition);
  const observability = observeSubgraph(app, {
    name: definition.name,
    path: '/graphql',
    config,
    readiness,
    log,
    spanExporter: options.spanExporter,
  });
  // Resolvers get the database with each statement timed; the service keeps the original.
  const db = observability.metrics.observeDatabase(options.db);
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    introspection: config.env !== 'production',
    includeStacktraceInErrorResponses: false,
    // The process's own shutdown handler stops the server; two handlers would race.
    stopOnTerminationSignals: false,
    formatError: createErrorMasker(),
    logger: log,
    plugins: [
      fastifyApolloDrainPlugin(app),
      errorLoggingPlugin(log),
      observability.requests.plugin(),
      // Apollo runs field hooks last plugin first: listed after the entity hints, the
      // cache-control plugin sets up the `info.cacheControl` they use before they run.
      entitiesCacheHintPlugin(() => schema, entityTypeNames(definition.typeDefs)),
      ApolloServerPluginCacheControl(),
      ApolloServerPluginLandingPageDisabled(),
      // Traces would only feed Apollo's usage reporting, which Hutong keeps off.
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/graphql')) return;
    if (isGatewayCredential(header(request, GATEWAY_CREDENTIAL_HEADER), config.gatewaySecret))
      return;
    log.warn(
      { ip: request.ip, requestId: observability.requests.requestIdOf(request) },
      'refused a request without the gateway credential',
    );
    return reply
      .code(401)
      .type('application/json; charset=utf-8')
      .send({
        errors: [
          {
            message: 'This service answers the Hutong gateway only',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
  });
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request): Promise<SubgraphContext<L>> => {
      const requestId = observability.requests.requestIdOf(request);
      const viewerId = header(request, VIEWER_HEADER) || null;
      const context: SubgraphContext<L> = {
        config,
        db,
        loaders: definition.createLoaders(db, viewerId),
        viewerId,
        requestId,
        log: log.child({ requestId }),
        cacheTags: new CacheTags(),
      };
      observability.requests.bind(request, context);
      return context;
    },
  });
  if (config.sandbox)
    registerSubgraphSandbox(app, {
      name: definition.name,
      graphqlPath: '/graphql',
      gatewaySecret: config.gatewaySecret,
      log,
    });
  let metricsUrl: string | undefined;
  return {
    name: definition.name,
    app,
    apollo: apollo as unknown as ApolloServer<SubgraphContext<unknown>>,
    db: options.db,
    observability,
    readiness,
    get metricsUrl() {
      return metricsUrl;
    },
    listen: async (port, host = 'localhost') => {
      const url = await listen(app, definition.name, port, host);
      metricsUrl = (await observability.metricsEndpoint.listen()) ?? url;
      readiness.ready();
      return url;
    },
    close: async (timing = { delayMs: 0, graceMs: 10_000 }) => {
      await drainHttp(app, readiness, timing, log);
      await apollo.stop();
      await observability.close();
    },
  };
}

/** The whole life of a subgraph process: configuration, database, listen, stop on a signal. */
export async function runSubgraph<L>(definition: SubgraphDefinition<L>): Promise<void> {
  let config;
  try {
    config = loadSubgraphConfig(definition.name);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${definition.name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(definition.name, config.logLevel);
  warnUnlessHeapFits(config.memoryMb, log);
  let running:
    | { service: SubgraphService; db: Database; stopJobs: (() => Promise<void>) | undefined }
    | undefined;
  // Listening for signals from the start: told to stop before it listens (still
  // migrating), it has nothing to drain and exits 0 at once (migrations are transactional).
  onShutdownSignal(async (signal) => {
    if (!running) return;
    const { service, db, stopJobs } = running;
    log.info({ signal, ...config.shutdown }, `${definition.name} subgraph draining`);
    await service.close(config.shutdown);
    await stopJobs?.();
    await db.close();
    log.info(`${definition.name} subgraph stopped`);
  });
  try {
    const db = await openDatabase({
      name: definition.name,
      url: config.database.url,
      dataDir: config.database.dataDir,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
      connectTimeoutMs: config.database.connectTimeoutMs,
      log,
    });
    await prepareDatabase(definition, db, config.database.seed);
    const service = await createSubgraphService(definition, { config, db, log });
    const url = await service.listen(config.port, config.host);
    log.info(
      { url: `${url}/graphql`, metrics: `${service.metricsUrl}/metrics`, storage: db.kind },
      `${definition.name} subgraph ready`,
    );
    running = { service, db, stopJobs: definition.startBackgroundJobs?.(db, log) };
  } catch (error) {
    log.fatal({ err: error }, `${definition.name} subgraph failed to start`);
    console.error(`${definition.name}: ${(error as Error).message}`);
    process.exit(1);
  }
}
