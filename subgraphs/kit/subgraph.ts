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
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { registerSubgraphSandbox } from './sandbox';
import { enforceAuthorization } from '../../lib/authorization';
import {
  CACHE_CONTROL_TYPE_DEFS,
  CacheTags,
  entitiesCacheHintPlugin,
  entityTypeNames,
} from './cache-hints';
import { ConfigError, type ShutdownTiming, type SubgraphName } from '../../lib/config';
import { loadSubgraphConfig, type SubgraphConfig } from './config';
import { openDatabase, type Database } from './database';
import { servePageSizes } from '../../lib/demand-control';
import { createErrorMasker, errorLoggingPlugin } from '../../lib/errors';
import {
  bodyDigest,
  CREDENTIAL_HEADER,
  CredentialError,
  ReplayGuard,
  verifyCredential,
  type VerifiedCredential,
} from '../../lib/credential';
import {
  createHttpApp,
  drainHttp,
  isPublicRoute,
  listen,
  PUBLIC_ROUTE,
  Readiness,
  sendGraphQLError,
} from '../../lib/http';
import type { Caller } from '../../lib/identity';
import { createLogger, type Logger } from '../../lib/logger';
import { StopOrder } from '../../lib/shutdown';
import { warnUnlessHeapFits } from '../../lib/memory';
import { migrate, type SeedFile } from './migrations';
import { observeSubgraph, type SubgraphObservability } from './observability';

export interface SubgraphContext<Loaders> {
  config: SubgraphConfig;
  db: Database;
  loaders: Loaders;
  /** The signed-in user, as verified by the gateway; null for anonymous requests. */
  viewerId: string | null;
  /** Who asks and what they may see: the schema's @authenticated and @requiresScopes check it. */
  caller: Caller;
  requestId: string;
  log: Logger;
  /** What the answer depends on, and what a mutation changed, for the gateway's caches. */
  cacheTags: CacheTags;
}

export interface SubgraphDefinition<Loaders = unknown> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders>>;
  /** Folder holding `migrations/*.sql`, `generated.sql` and `seed.sql`. */
  dataDir: string;
  /** The kit's shared seed files `generated.sql` reads, run just before it (see `migrate`). */
  seedWith: readonly string[];
  /** Builds this request's DataLoaders: never shared between requests or users. */
  createLoaders(db: Database, viewerId: string | null): Loaders;
  /** Work the service runs on a timer while it is up; returns how to stop it. */
  startBackgroundJobs?(db: Database, log: Logger, config: SubgraphConfig): () => Promise<void>;
  /** HTTP routes besides GraphQL; see SubgraphParts.routes. */
  routes?: SubgraphRoutes;
}

/**
 * Routes a subgraph serves besides GraphQL. They answer without the gateway's
 * credential, so each must authenticate what it is sent itself (payments'
 * order closures take the order owner's signed refund request).
 */
export type SubgraphRoutes = (
  app: FastifyInstance,
  service: { db: Database; config: SubgraphConfig; log: Logger },
) => void;

/** Reads a subgraph's `schema.graphql`, the source of truth for its SDL. */
export function loadTypeDefs(dir: string): DocumentNode {
  return parse(fs.readFileSync(path.join(dir, 'schema.graphql'), 'utf8'));
}

/** What a subgraph is made of, in the layout subgraphs/README.md describes. */
export interface SubgraphParts<Loaders> {
  name: SubgraphName;
  /** The subgraph's folder: `schema.graphql` beside `data/` (`migrations/*.sql`, `seed.sql`). */
  dir: string;
  /** The subgraph's `Resolvers`, typed by the code generated from its schema. */
  resolvers: object;
  /** Builds this request's DataLoaders: never shared between requests or users. */
  createLoaders(db: Database, viewerId: string | null): Loaders;
  /** The kit's shared seed files its `generated.sql` reads, such as GENERATED_STORES_SEED. */
  seedWith?: readonly string[];
  /** Work the service runs on a timer while it is up; returns how to stop it. */
  jobs?(db: Database, log: Logger, config: SubgraphConfig): () => Promise<void>;
  /** Routes besides GraphQL, each authenticating its own requests. */
  routes?: SubgraphRoutes;
}

/** A subgraph's definition from its folder and its parts: what `server.ts` exports. */
export function defineSubgraph<Loaders>(
  parts: SubgraphParts<Loaders>,
): SubgraphDefinition<Loaders> {
  return {
    name: parts.name,
    typeDefs: loadTypeDefs(parts.dir),
    // The generated types check each resolver against the schema, arguments and
    // parent row included: stricter than Apollo's map, which takes any arguments.
    resolvers: parts.resolvers as GraphQLResolverMap<SubgraphContext<Loaders>>,
    dataDir: path.join(parts.dir, 'data'),
    seedWith: parts.seedWith ?? [],
    createLoaders: parts.createLoaders,
    ...(parts.jobs && { startBackgroundJobs: parts.jobs }),
    ...(parts.routes && { routes: parts.routes }),
  };
}

/** The subgraph's schema, each field and entity guarded by its authorization directives. */
export function buildSchema<L>(definition: SubgraphDefinition<L>): GraphQLSchema {
  const schema = buildSubgraphSchema({
    typeDefs: {
      kind: Kind.DOCUMENT,
      definitions: [...CACHE_CONTROL_TYPE_DEFS.definitions, ...definition.typeDefs.definitions],
    },
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  // Resolvers get page sizes as the gateway counted them (see lib/demand-control.ts), and
  // each field checks @authenticated and @requiresScopes against the caller.
  return enforceAuthorization(servePageSizes(schema, definition.typeDefs), definition.typeDefs);
}

/**
 * A subgraph's seed, in the order it runs: `generated.sql`, the data a
 * generator makes (the kit's `seedWith` run before it), which reads no clock
 * and is the same on every run; then `seed.sql`, written by hand, which may be
 * relative to now (an order placed twenty minutes ago). Either may be absent.
 */
export function seedFiles(definition: Pick<SubgraphDefinition<unknown>, 'dataDir' | 'seedWith'>): {
  generated: SeedFile | null;
  handWritten: SeedFile | null;
} {
  const generated = path.join(definition.dataDir, 'generated.sql');
  const handWritten = path.join(definition.dataDir, 'seed.sql');
  return {
    generated: fs.existsSync(generated) ? { file: generated, with: definition.seedWith } : null,
    handWritten: fs.existsSync(handWritten) ? { file: handWritten } : null,
  };
}

/**
 * Migrates `db` and, with `seed`, seeds it: all of the seed, or (`'generated'`)
 * only its generated part, which a test template keeps when the rest reads the clock.
 */
export async function prepareDatabase<L>(
  definition: SubgraphDefinition<L>,
  db: Database,
  seed: boolean | 'generated',
): Promise<void> {
  const { generated, handWritten } = seedFiles(definition);
  const seeds = [
    ...(seed && generated ? [generated] : []),
    ...(seed === true && handWritten ? [handWritten] : []),
  ];
  await migrate(db, path.join(definition.dataDir, 'migrations'), seeds);
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

/**
 * The subgraph's boundary: every request, whatever its path, spelling, target
 * form or method, needs a credential the gateway signed for this subgraph,
 * for this body, not yet used and not expired — except the routes marked
 * public (the probes). The caller of a GraphQL request comes from that
 * credential alone.
 */
function sealBoundary(
  app: FastifyInstance,
  options: {
    audience: string;
    secret: string;
    log: Logger;
    requestIdOf: (request: FastifyRequest) => string;
  },
): { callerOf(request: FastifyRequest): Caller } {
  const verified = new WeakMap<FastifyRequest, VerifiedCredential>();
  const digests = new WeakMap<FastifyRequest, string>();
  const replays = new ReplayGuard();
  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: string) => {
    const requestId = options.requestIdOf(request);
    options.log.warn(
      { ip: request.ip, requestId, reason },
      'refused a request without a valid gateway credential',
    );
    return sendGraphQLError(reply, {
      status: 401,
      code: 'UNAUTHENTICATED',
      message: 'This service answers the Hutong gateway only',
      requestId,
    });
  };
  app.addHook('onRequest', async (request, reply) => {
    if (isPublicRoute(request)) return;
    let credential: VerifiedCredential;
    try {
      credential = verifyCredential(
        options.secret,
        header(request, CREDENTIAL_HEADER),
        options.audience,
      );
    } catch (error) {
      if (error instanceof CredentialError) return refuse(request, reply, error.message);
      throw error;
    }
    if (!replays.accept(credential.jti, credential.exp))
      return refuse(request, reply, 'credential used before');
    verified.set(request, credential);
  });
  // The body is hashed as it arrived, to compare with the digest the credential carries.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      digests.set(request, bodyDigest(body));
      parseJson(request, body as string, done);
    },
  );
  app.addHook('preHandler', async (request, reply) => {
    const credential = verified.get(request);
    if (!credential) return;
    if ((digests.get(request) ?? bodyDigest('')) !== credential.bodySha256)
      return refuse(request, reply, 'credential signed for another body');
  });
  return {
    callerOf(request) {
      const credential = verified.get(request);
      if (!credential)
        throw new Error('a GraphQL request reached its handler without a credential');
      return credential.caller;
    },
  };
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
  const credentials = sealBoundary(app, {
    audience: definition.name,
    secret: config.gatewaySecret,
    log,
    requestIdOf: (request) => observability.requests.requestIdOf(request),
  });
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    // The gateway always posts; one method leaves one way in.
    method: ['POST'],
    context: async (request): Promise<SubgraphContext<L>> => {
      const requestId = observability.requests.requestIdOf(request);
      const caller = credentials.callerOf(request);
      const viewerId = caller.userId;
      const context: SubgraphContext<L> = {
        config,
        db,
        loaders: definition.createLoaders(db, viewerId),
        viewerId,
        caller,
        requestId,
        log: log.child({ requestId }),
        cacheTags: new CacheTags(),
      };
      observability.requests.bind(request, context);
      return context;
    },
  });
  const { routes } = definition;
  if (routes)
    await app.register(async (own) => {
      own.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object | undefined), ...PUBLIC_ROUTE };
      });
      routes(own, { db, config, log });
    });
  if (config.sandbox)
    await app.register(async (pages) => {
      // Development pages of the subgraph's own; the one that runs queries signs for them.
      pages.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object | undefined), ...PUBLIC_ROUTE };
      });
      registerSubgraphSandbox(pages, {
        name: definition.name,
        graphqlPath: '/graphql',
        gatewaySecret: config.gatewaySecret,
        log,
      });
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
      // eslint-disable-next-line no-console -- a process entry point: the operator reads stderr
      console.error(`${definition.name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(definition.name, config.logLevel);
  warnUnlessHeapFits(config.memoryMb, log);
  // Listening for signals from the start: told to stop while migrating, it lets
  // that transaction finish, closes the database and exits 0; nothing to drain.
  const stops = new StopOrder({
    stopping: (signal) =>
      log.info({ signal, ...config.shutdown }, `${definition.name} subgraph draining`),
    stopped: () => log.info(`${definition.name} subgraph stopped`),
    failed: (error, signal) =>
      log.error({ err: error, signal }, `${definition.name} subgraph failed to stop cleanly`),
  });
  try {
    const db = await stops.step(
      openDatabase({
        name: definition.name,
        url: config.database.url,
        dataDir: config.database.dataDir,
        poolSize: config.database.poolSize,
        statementTimeoutMs: config.database.statementTimeoutMs,
        connectTimeoutMs: config.database.connectTimeoutMs,
        log,
      }),
      (opened) => opened.close(),
    );
    await stops.step(prepareDatabase(definition, db, config.database.seed));
    const service = await stops.step(createSubgraphService(definition, { config, db, log }));
    const url = await stops.step(service.listen(config.port, config.host), () =>
      service.close(config.shutdown),
    );
    log.info(
      { url: `${url}/graphql`, metrics: `${service.metricsUrl}/metrics`, storage: db.kind },
      `${definition.name} subgraph ready`,
    );
    // Stopped first: no job starts work on a database about to close.
    await stops.step(
      Promise.resolve(definition.startBackgroundJobs?.(db, log, config)),
      async (stop) => stop?.(),
    );
  } catch (error) {
    log.fatal({ err: error }, `${definition.name} subgraph failed to start`);
    // eslint-disable-next-line no-console -- a process entry point: the operator reads stderr
    console.error(`${definition.name}: ${(error as Error).message}`);
    process.exit(1);
  }
}
