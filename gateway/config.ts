/**
 * The gateway's configuration, read from the environment once at start by its
 * entry point (gateway/index.ts); the reader and the settings every service
 * shares are lib/config.ts's.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  bool,
  checkMetricsPort,
  DEFAULT_GATEWAY_METRICS_PORT,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_PROCESS_MEMORY_MB,
  DEVELOPMENT_GATEWAY_SECRET,
  EnvReader,
  GATEWAY_PRIMARY_MEMORY_MB,
  MIN_PROCESS_MEMORY_MB,
  port,
  positiveInt,
  PROJECT_ROOT,
  readCommonConfig,
  SUBGRAPH_NAMES,
  url,
  type CommonConfig,
  type Env,
  type SubgraphName,
  type TrustProxy,
} from '../lib/config';

/** Only ever used outside production; production refuses to start without a real secret. */
export const DEVELOPMENT_JWT_SECRET = 'hutong-development-secret-do-not-use-in-production';

const DEVELOPMENT_CORS_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000'];

export interface GatewayConfig extends CommonConfig {
  port: number;
  supergraphPath: string;
  /** Where to poll the supergraph instead of reading `supergraphPath`. */
  supergraphUrl: string | undefined;
  /** How often the supergraph file is checked besides file events, or the URL polled. */
  supergraphPollMs: number;
  /** Routing URLs that replace those written in the supergraph, by subgraph name. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Development only: signs the sandbox's and `npm run token`'s HS256 tokens, and verifies them. */
  jwtSecret: string;
  /** How users' access tokens are verified (gateway/auth.ts). */
  tokens: {
    issuer: string;
    audience: string;
    maxLifetimeSeconds: number;
    /** HS256 with `jwtSecret`: development only. */
    hs256Secret: string | undefined;
    jwksFile: string | undefined;
    jwksUrl: string | undefined;
  };
  /** The registry of mini-programs (gateway/apps.ts): a file, or a URL polled instead. */
  apps: { file: string; url: string | undefined; pollMs: number };
  /**
   * The client operations: the persisted-operation manifest the gateway serves
   * (schema/compose.ts writes it), and the folder of operation files the sandbox opens.
   */
  operations: { manifestFile: string; dir: string };
  /** Signs the credential of every subgraph fetch (lib/credential.ts). */
  gatewaySecret: string;
  /** Apollo's usage reporting and cloud probes: off unless an operator opts in. */
  apolloTelemetry: boolean;
  /** Gateway processes sharing the port (Node cluster): all cores in production. */
  workers: number;
  /**
   * Megabytes all the gateway's processes may use together (its container's
   * limit); each worker's V8 heap is sized from its share.
   */
  memoryMb: number;
  /** Serve only the operations of the persisted-operation manifest. */
  persistedOnly: boolean;
  introspection: boolean;
  /** "Did you mean ...?" in validation errors: they describe the schema to strangers. */
  fieldSuggestions: boolean;
  /** Browser origins allowed to call the gateway; none otherwise. */
  corsOrigins: string[];
  bodyLimitBytes: number;
  limits: OperationLimits;
  /** How long one subgraph fetch may take. */
  subgraphTimeoutMs: number;
  /** A subgraph answer longer than this is not read further, and that fetch fails. */
  subgraphMaxResponseBytes: number;
  /** How long a whole request may take, every subgraph fetch included. */
  requestDeadlineMs: number;
  retry: { attempts: number; budgetPercent: number };
  breaker: { consecutiveFailures: number; halfOpenAfterMs: number };
  rateLimits: { perApp: TokenBucketConfig; perUser: TokenBucketConfig };
  /** Shared state of all replicas (caches, APQ, rate limits); in-process without it. */
  redisUrl: string | undefined;
  /** Proxies trusted to name the client in X-Forwarded-For; none by default. */
  trustProxy: TrustProxy;
  /** Starts every key the gateway writes to Redis. */
  redisPrefix: string;
  cache: {
    /** Subgraph answers by entity and by fetch, as the subgraphs' cache hints allow. */
    subgraphAnswers: boolean;
    /** Whole responses, as the least cacheable of their parts allows. */
    responses: boolean;
    /** Megabytes the in-process cache holds at most. */
    maxMegabytes: number;
    /**
     * Megabytes, by Apollo's estimate (a fourth or so of what they take in the
     * heap), that parsed operations and query plans may each take.
     */
    operationMegabytes: number;
  };
  /** Whether identical query fetches on their way at once are sent once. */
  collapseFetches: boolean;
  /** Whether the persisted operations' query plans are made at start. */
  warmPlans: boolean;
}

/** Checked before a query is planned: a rejected operation never reaches a subgraph. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  /** Fields weighted by the list sizes they multiply (first/last, or assumedListSize). */
  maxCost: number;
  assumedListSize: number;
}

export interface TokenBucketConfig {
  capacity: number;
  refillPerSecond: number;
}

/** `false`, `true`, or a comma-separated list of addresses and CIDRs. */
const trustProxy = z.string().transform((value, context): TrustProxy => {
  const trimmed = value.trim();
  if (trimmed === 'false' || trimmed === '') return false;
  if (trimmed === 'true') return true;
  const addresses = trimmed.split(',').map((part) => part.trim());
  if (addresses.every((part) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part))) return addresses;
  context.addIssue({
    code: 'custom',
    message: "expected false, true, or the proxies' addresses and CIDRs, comma-separated",
  });
  return z.NEVER;
});
const redisUrl = z.url({
  protocol: /^rediss?$/,
  message: 'expected a redis:// or rediss:// URL',
});
/** Seconds, or a number with s, m, h or d. */
const duration = z
  .string()
  .regex(/^\d+[smhd]?$/, 'expected a duration such as 3600, 90m, 24h or 7d')
  .transform((value) => {
    const unit = value.at(-1)!;
    const scale = { s: 1, m: 60, h: 3600, d: 86_400 }[unit] ?? 1;
    return Number.parseInt(value, 10) * scale;
  })
  .pipe(z.number().int().min(1));
const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.url({ message: 'expected comma-separated origins such as https://m.example.com' })),
  );

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const base = readCommonConfig(reader, env, {
    variable: 'HUTONG_METRICS_PORT',
    productionPort: DEFAULT_GATEWAY_METRICS_PORT,
  });
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const override = reader.optional(`HUTONG_${name.toUpperCase()}_URL`, url);
    if (override) subgraphUrls[name] = override;
  }
  const production = base.env === 'production';
  const givenJwtSecret = reader.read('HUTONG_JWT_SECRET', z.string(), '');
  const jwtSecret = givenJwtSecret || DEVELOPMENT_JWT_SECRET;
  const jwksFile = reader.optional('HUTONG_JWKS_FILE', z.string().min(1));
  const jwksUrl = reader.optional(
    'HUTONG_JWKS_URL',
    production
      ? z.url({ protocol: /^https$/, message: 'expected an https URL' })
      : z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }),
  );
  // Production verifies the sign-in service's signatures and signs nothing itself.
  if (production && givenJwtSecret)
    reader.problems.push(
      'HUTONG_JWT_SECRET (HS256) is for development; production verifies RS256 or ES256 tokens against HUTONG_JWKS_FILE or HUTONG_JWKS_URL',
    );
  if (production && !env.HUTONG_JWKS_FILE && !env.HUTONG_JWKS_URL)
    reader.problems.push(
      "HUTONG_JWKS_FILE or HUTONG_JWKS_URL is required in production (the sign-in service's public keys)",
    );
  if (jwksFile && jwksUrl)
    reader.problems.push('set HUTONG_JWKS_FILE or HUTONG_JWKS_URL, not both');
  const count = (name: string, fallback: number) => reader.read(name, positiveInt, fallback);
  const servicePort = reader.read('HUTONG_GATEWAY_PORT', port, DEFAULT_GATEWAY_PORT);
  checkMetricsPort(reader, base, servicePort, 'HUTONG_METRICS_PORT');
  const workers = reader.read(
    'HUTONG_GATEWAY_WORKERS',
    positiveInt,
    production ? os.availableParallelism() : 1,
  );
  const memoryMb = count(
    'HUTONG_MEMORY_MB',
    workers === 1
      ? DEFAULT_PROCESS_MEMORY_MB
      : GATEWAY_PRIMARY_MEMORY_MB + workers * DEFAULT_PROCESS_MEMORY_MB,
  );
  const perWorker = gatewayWorkerMemoryMb({ memoryMb, workers });
  if (perWorker < MIN_PROCESS_MEMORY_MB)
    reader.problems.push(
      `HUTONG_MEMORY_MB=${memoryMb} leaves ${perWorker} MB to each of ${workers} gateway workers; ` +
        `each needs at least ${MIN_PROCESS_MEMORY_MB}: raise it or lower HUTONG_GATEWAY_WORKERS`,
    );
  // The cache lives in the heap, which gets half of the process's memory and holds the
  // gateway's own 45 MB or so too: an eighth by default, never more than a quarter.
  const cacheMaxMegabytes = count('HUTONG_CACHE_MAX_MB', Math.min(32, Math.floor(perWorker / 8)));
  if (cacheMaxMegabytes > perWorker / 4)
    reader.problems.push(
      `HUTONG_CACHE_MAX_MB=${cacheMaxMegabytes} does not fit the heap of a ${perWorker} MB gateway ` +
        `process (HUTONG_MEMORY_MB): at most ${Math.floor(perWorker / 4)}, or raise HUTONG_MEMORY_MB`,
    );
  return reader.finish({
    ...base,
    port: servicePort,
    workers,
    memoryMb,
    supergraphPath: path.resolve(
      PROJECT_ROOT,
      reader.read('HUTONG_SUPERGRAPH', z.string(), 'schema/supergraph.graphql'),
    ),
    supergraphUrl: reader.optional('HUTONG_SUPERGRAPH_URL', url),
    supergraphPollMs: count('HUTONG_SUPERGRAPH_POLL_MS', 10_000),
    subgraphUrls,
    jwtSecret,
    tokens: {
      issuer: reader.read('HUTONG_TOKEN_ISSUER', z.string().min(1), 'hutong-sign-in'),
      audience: reader.read('HUTONG_TOKEN_AUDIENCE', z.string().min(1), 'hutong-gateway'),
      maxLifetimeSeconds: reader.read('HUTONG_TOKEN_MAX_LIFETIME', duration, 24 * 3600),
      hs256Secret: production ? undefined : jwtSecret,
      jwksFile: jwksFile && path.resolve(PROJECT_ROOT, jwksFile),
      jwksUrl,
    },
    apps: {
      file: path.resolve(PROJECT_ROOT, reader.read('HUTONG_APPS', z.string(), 'schema/apps.yaml')),
      url: reader.optional('HUTONG_APPS_URL', url),
      pollMs: count('HUTONG_APPS_POLL_MS', 10_000),
    },
    operations: {
      manifestFile: path.resolve(
        PROJECT_ROOT,
        reader.read('HUTONG_PERSISTED_OPERATIONS', z.string(), 'schema/persisted-operations.json'),
      ),
      dir: path.resolve(
        PROJECT_ROOT,
        reader.read('HUTONG_OPERATIONS_DIR', z.string(), 'schema/operations'),
      ),
    },
    gatewaySecret: reader.secret(
      'HUTONG_GATEWAY_SECRET',
      'the credential subgraphs require of the gateway',
      base.env,
      DEVELOPMENT_GATEWAY_SECRET,
    ),
    apolloTelemetry: reader.read('HUTONG_APOLLO_TELEMETRY', bool, false),
    persistedOnly: reader.read('HUTONG_PERSISTED_ONLY', bool, production),
    introspection: reader.read('HUTONG_INTROSPECTION', bool, !production),
    fieldSuggestions: reader.read('HUTONG_FIELD_SUGGESTIONS', bool, !production),
    corsOrigins: reader.read(
      'HUTONG_CORS_ORIGINS',
      originList,
      production ? [] : DEVELOPMENT_CORS_ORIGINS,
    ),
    bodyLimitBytes: count('HUTONG_BODY_LIMIT_BYTES', 1024 * 1024),
    limits: {
      maxDepth: count('HUTONG_MAX_DEPTH', 10),
      maxAliases: count('HUTONG_MAX_ALIASES', 30),
      maxRootFields: count('HUTONG_MAX_ROOT_FIELDS', 10),
      maxDirectives: count('HUTONG_MAX_DIRECTIVES', 20),
      maxTokens: count('HUTONG_MAX_TOKENS', 2000),
      maxCost: count('HUTONG_MAX_COST', 5000),
      assumedListSize: count('HUTONG_ASSUMED_LIST_SIZE', 20),
    },
    subgraphTimeoutMs: count('HUTONG_SUBGRAPH_TIMEOUT_MS', 5000),
    // About 300 times the home query's largest subgraph answer (3.4 KB, maps').
    subgraphMaxResponseBytes: count('HUTONG_SUBGRAPH_MAX_RESPONSE_BYTES', 1024 * 1024),
    requestDeadlineMs: count('HUTONG_REQUEST_DEADLINE_MS', 15000),
    retry: {
      attempts: reader.read('HUTONG_SUBGRAPH_RETRIES', z.coerce.number().int().min(0).max(5), 2),
      budgetPercent: count('HUTONG_RETRY_BUDGET_PERCENT', 20),
    },
    breaker: {
      consecutiveFailures: count('HUTONG_BREAKER_FAILURES', 5),
      halfOpenAfterMs: count('HUTONG_BREAKER_HALF_OPEN_MS', 10000),
    },
    redisUrl: reader.optional('REDIS_URL', redisUrl),
    trustProxy: reader.read('HUTONG_TRUST_PROXY', trustProxy, false),
    redisPrefix: reader.read('HUTONG_REDIS_PREFIX', z.string().min(1).max(64), 'hutong:'),
    cache: {
      subgraphAnswers: reader.read('HUTONG_CACHE_SUBGRAPH_ANSWERS', bool, true),
      responses: reader.read('HUTONG_CACHE_RESPONSES', bool, true),
      maxMegabytes: cacheMaxMegabytes,
      operationMegabytes: count('HUTONG_OPERATION_CACHE_MB', 2),
    },
    collapseFetches: reader.read('HUTONG_COLLAPSE_FETCHES', bool, true),
    warmPlans: reader.read('HUTONG_WARM_PLANS', bool, true),
    rateLimits: {
      perApp: {
        capacity: count('HUTONG_RATE_APP_BURST', 400),
        refillPerSecond: count('HUTONG_RATE_APP_PER_SECOND', 200),
      },
      perUser: {
        capacity: count('HUTONG_RATE_USER_BURST', 40),
        refillPerSecond: count('HUTONG_RATE_USER_PER_SECOND', 10),
      },
    },
  });
}

/**
 * Megabytes each gateway process that serves requests may use: all of the
 * budget for a single process, else the workers' equal shares of what the
 * primary leaves.
 */
export function gatewayWorkerMemoryMb(config: Pick<GatewayConfig, 'memoryMb' | 'workers'>): number {
  if (config.workers === 1) return config.memoryMb;
  return Math.floor((config.memoryMb - GATEWAY_PRIMARY_MEMORY_MB) / config.workers);
}

/**
 * `@apollo/gateway` reads this variable itself when it is constructed, so the
 * policy has to be written back to the environment before that happens.
 */
export function applyTelemetryPolicy(config: Pick<GatewayConfig, 'apolloTelemetry'>): void {
  if (!config.apolloTelemetry) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
