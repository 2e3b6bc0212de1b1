/**
 * Builds the gateway — Apollo Server over @apollo/gateway inside Fastify — with
 * no side effects: nothing listens until `listen` is called, so tests build it
 * over subgraphs on port 0.
 *
 * The defences and capabilities a request meets are the ordered features of
 * gateway/features/index.ts; `createGateway` builds what they use, then hands
 * each hook of each feature, in list order, to the framework that runs it
 * (Fastify, graphql-js's parser and validation, Apollo Server, @apollo/gateway).
 */
import { ApolloGateway, type SupergraphManager } from '@apollo/gateway';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import {
  ApolloServer,
  type ApolloServerOptionsWithGateway,
  type BaseContext,
} from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SUBGRAPH_NAMES, type ShutdownTiming, type SubgraphName } from '../lib/config';
import { applyTelemetryPolicy, type GatewayConfig } from './config';
import { createErrorMasker, errorLoggingPlugin } from '../lib/errors';
import { createHttpApp, drainHttp, listen, Readiness } from '../lib/http';
import type { Logger } from '../lib/logger';
import { createGatewayContext, type GatewayContext } from './context';
import { observeGateway, type GatewayObservability } from './observability';
import { GATEWAY_FEATURES, type FeatureHooks } from './features';
import { namingTheTokenLimit } from './plugins/limits';
import { Callers } from './plugins/callers';
import { warmQueryPlans } from './plan-warmup';
import { registerSandbox } from './sandbox';
import { createSharedState, type SharedState } from './shared-state';
import {
  CacheInvalidation,
  mutationCommitWindowMs,
  SubgraphCache,
} from './subgraph-client/caching';
import { SubgraphClient } from './subgraph-client/client';
import { createSubgraphPolicies, type SubgraphPolicies } from './subgraph-client/policies';
import { createSubgraphAgent } from './subgraph-client/transport';
import { AppRegistry } from './apps';
import { AccessTokenVerifier } from './auth';
import {
  servedSchemaChanged,
  watchManifest,
  type Manifest,
  type ManifestOperation,
} from './manifest';
import { watchSource, type WatchedSource } from './watched-source';
import type { GraphQLSchema } from 'graphql';

export const GRAPHQL_PATH = '/graphql';

export interface GatewayOptions {
  config: GatewayConfig;
  /** The supergraph itself, or a source that reloads it (gateway/supergraph-source.ts). */
  supergraphSdl: string | SupergraphManager;
  /** Routing URLs that replace the supergraph's, by subgraph name. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  log: Logger;
  /** The registered apps; read (and reloaded) from the configured file or URL when not given. */
  apps?: AppRegistry;
  /** Caches, APQ and rate limits; made from the config (Redis or in-process) when not given. */
  sharedState?: SharedState;
  /** Turns tracing on with this exporter, whatever the configuration (tests keep spans in memory). */
  spanExporter?: SpanExporter;
}

export interface GatewayService {
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  /** Each subgraph's retry budget and circuit breaker. */
  policies: Map<string, SubgraphPolicies>;
  sharedState: SharedState;
  /** Metrics, traces and request logs. */
  observability: GatewayObservability;
  /** GET /ready: ready once listening (the schema is loaded before), until shutdown begins. */
  readiness: Readiness;
  /** Opens the service's port, and the metrics listener when this process has one. */
  listen(port: number, host?: string): Promise<string>;
  /** Where /metrics answers once listening; undefined in a worker whose primary serves it. */
  readonly metricsUrl: string | undefined;
  /** Drains (see `drainHttp`; at once by default), then stops the gateway and its agent. */
  close(timing?: ShutdownTiming): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<GatewayService> {
  const { config, log } = options;
  applyTelemetryPolicy(config);
  const overrides: Partial<Record<string, string>> = options.subgraphUrls ?? {};
  const agent = createSubgraphAgent(config.subgraphMaxResponseBytes);
  const ownsSharedState = options.sharedState === undefined;
  const sharedState =
    options.sharedState ??
    createSharedState({
      redisUrl: config.redisUrl,
      redisPrefix: config.redisPrefix,
      maxBytes: config.cache.maxMegabytes * 1024 * 1024,
      log,
    });
  // Each checks itself against the other: a manifest may not drop what an app ships, nor an
  // app ship what the manifest lacks. The manifest also validates against the served schema.
  let servedApiSchema: GraphQLSchema | undefined;
  let appsSource: WatchedSource<AppRegistry> | undefined;
  const manifest = await watchManifest({
    file: config.operations.manifestFile,
    url: config.operations.manifestUrl,
    pollMs: config.operations.manifestPollMs,
    schema: () => servedApiSchema,
    apps: () => options.apps ?? appsSource?.current(),
    log,
  });
  const namesOf = (operations: Manifest) =>
    new Set([...operations.values()].map((operation) => operation.name));
  if (!options.apps)
    appsSource = await watchSource({
      what: 'app registry',
      file: config.apps.file,
      url: config.apps.url,
      pollMs: config.apps.pollMs,
      parse: (text, origin) => AppRegistry.parse(text, origin, namesOf(manifest.current())),
      log,
    });
  const apps = () => options.apps ?? appsSource!.current();
  const policies = new Map<string, SubgraphPolicies>(
    SUBGRAPH_NAMES.map((name) => [name, createSubgraphPolicies(config)]),
  );
  // Whatever caches are on: the response cache keeps its entries in the same store.
  const invalidation = new CacheInvalidation(
    sharedState.cache,
    mutationCommitWindowMs(config.subgraphTimeoutMs),
  );
  const readiness = new Readiness();
  const app = createHttpApp({
    bodyLimit: config.bodyLimitBytes,
    readiness,
    trustProxy: config.trustProxy,
    limits: config.http,
    log,
  });
  const observability = observeGateway(app, {
    config,
    readiness,
    graphqlPath: GRAPHQL_PATH,
    policies,
    operationNames: namesOf(manifest.current()),
    log,
    spanExporter: options.spanExporter,
  });
  const requestIdOf = (request: FastifyRequest) => observability.requests.requestIdOf(request);
  const callers = new Callers({
    tokens: new AccessTokenVerifier(config.tokens, log),
    apps,
    rateLimits: sharedState.rateLimits,
    limits: config.rateLimits,
    requestIdOf,
  });
  const features = GATEWAY_FEATURES.map((feature): FeatureHooks =>
    feature.use(config, { sharedState, observability, manifest, apps, callers, requestIdOf }),
  );
  const hooksOf = <K extends keyof FeatureHooks>(key: K) =>
    features.flatMap((hooks) => (hooks[key] === undefined ? [] : [hooks[key]!]));

  const supergraphSdl = hooksOf('supergraph').reduce(
    (source, rewrite) => rewrite(source),
    options.supergraphSdl,
  );
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Also in production: a reloaded supergraph is checked before it replaces the served one.
    validateSupergraph: true,
    // Apollo's default, 30 MiB by its estimate, takes several times that in the heap.
    experimental_approximateQueryPlanStoreMiB: config.cache.operationMegabytes,
    // Each fetch node keeps its parsed operation: the subgraph client reads the fetch's kind from it.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    logger: log,
    buildService: ({ name, url }) => {
      let subgraphPolicies = policies.get(name);
      if (!subgraphPolicies) {
        subgraphPolicies = createSubgraphPolicies(config);
        policies.set(name, subgraphPolicies);
      }
      return new SubgraphClient({
        name,
        url: overrides[name] ?? url ?? '',
        agent,
        policies: subgraphPolicies,
        config,
        log,
        observation: observability.subgraphFetches(name),
        collapseFetches: config.collapseFetches,
        cache: config.cache.subgraphAnswers
          ? new SubgraphCache(sharedState.cache, name, observability.metrics)
          : undefined,
        invalidation,
      });
    },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    servedApiSchema = apiSchema;
    servedSchemaChanged(manifest.current(), apiSchema, log);
  });
  let previousManifest = manifest.current();
  manifest.onChange((next) => {
    observability.metrics.knowOperations(namesOf(next));
    const added = [...next.values()].filter((operation) => !previousManifest.has(operation.id));
    previousManifest = next;
    if (config.warmPlans) warmPlans(added);
  });
  const warmPlans = (operations: Iterable<ManifestOperation>) =>
    void warmQueryPlans(gateway, operations, log).then((warmed) =>
      log.debug({ warmed }, 'query plans of the persisted operations made'),
    );
  if (config.warmPlans) gateway.onSchemaLoadOrUpdate(() => warmPlans(manifest.current().values()));

  for (const onSchemaLoad of hooksOf('onSchemaLoad')) gateway.onSchemaLoadOrUpdate(onSchemaLoad);

  // The sandbox describes whatever supergraph is being served, reloads included.
  let servedSupergraph = typeof supergraphSdl === 'string' ? supergraphSdl : '';
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    servedSupergraph = coreSupergraphSdl;
  });

  const gatewayWrappers = hooksOf('gateway');
  if (gatewayWrappers.length > 1) throw new Error('at most one feature may wrap the gateway');
  const served: ApolloServerOptionsWithGateway<BaseContext>['gateway'] =
    gatewayWrappers[0]?.(gateway) ?? gateway;
  const apolloOptions: FeatureHooks['apolloOptions'] = Object.assign(
    {},
    ...hooksOf('apolloOptions'),
  );
  const apollo = new ApolloServer<GatewayContext>({
    gateway: served,
    includeStacktraceInErrorResponses: false,
    // The process's own shutdown handler stops the server; two handlers would race.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // Parsed and validated operations, bounded as the query plans are (Apollo's default: 30 MiB).
    documentStore: new InMemoryLRUCache({ maxSize: config.cache.operationMegabytes * 2 ** 20 }),
    ...apolloOptions,
    parseOptions: Object.assign({}, ...hooksOf('parseOptions')),
    validationRules: hooksOf('validationRules').flat(),
    // The parser's token cap reads as a syntax error; it is answered naming the limit.
    formatError: namingTheTokenLimit(
      createErrorMasker({ hideSuggestions: !config.fieldSuggestions }),
    ),
    logger: log,
    plugins: [
      fastifyApolloDrainPlugin(app),
      errorLoggingPlugin(log),
      observability.requests.plugin(),
      ...hooksOf('apolloPlugins').flat(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
  await apollo.start();

  for (const register of hooksOf('http')) await register(app);
  await app.register(async (graphql) => {
    for (const preHandler of hooksOf('preHandler')) graphql.addHook('preHandler', preHandler);
    await graphql.register(fastifyApollo(apollo), {
      path: GRAPHQL_PATH,
      context: async (request, reply) => {
        const { caller, verified } = callers.of(request);
        observability.requests.identify(request, verified ? caller.appId : null);
        const context = createGatewayContext(reply, {
          caller,
          requestDeadlineMs: config.requestDeadlineMs,
          requestId: requestIdOf(request),
        });
        observability.requests.bind(request, context);
        return context;
      },
    });
  });
  if (config.sandbox)
    await registerSandbox(app, {
      config,
      apps,
      supergraphSdl: () => servedSupergraph,
      graphqlPath: GRAPHQL_PATH,
      log,
    });

  let metricsUrl: string | undefined;
  return {
    app,
    apollo,
    policies,
    sharedState,
    observability,
    readiness,
    get metricsUrl() {
      return metricsUrl;
    },
    listen: async (port, host = 'localhost') => {
      const url = await listen(app, 'gateway', port, host);
      const ownListener = await observability.metricsEndpoint.listen();
      metricsUrl = ownListener ?? (config.metrics ? undefined : url);
      readiness.ready();
      return url;
    },
    close: async (timing = { delayMs: 0, graceMs: 10_000 }) => {
      await drainHttp(app, readiness, timing, log);
      // Also ends the supergraph source's watcher or poller.
      await apollo.stop();
      await agent.close();
      if (ownsSharedState) await sharedState.close();
      appsSource?.close();
      manifest.close();
      await observability.close();
    },
  };
}
