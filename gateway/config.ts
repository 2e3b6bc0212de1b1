/**
 * The gateway's configuration, read from the environment once at start by its
 * entry point (gateway/index.ts); the reader and the settings every service
 * shares are lib/config.ts's. Each setting is declared once, as data
 * (lib/settings.ts): a feature's by the feature (gateway/features/), the rest
 * here, by concern; schema/config-docs.ts writes the reference from them.
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
  DEVELOPMENT_SECRET_PREFIX,
  EnvReader,
  metricsPortSetting,
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
import { Computed, SettingsReader, setting, type SettingGroup } from '../lib/settings';
import {
  APP_SETTINGS,
  APPS,
  APPS_POLL_MS,
  APPS_URL,
  JWKS_FILE,
  JWKS_URL,
  JWT_SECRET,
  RATE_APP_BURST,
  RATE_APP_PER_SECOND,
  RATE_LIMIT_SETTINGS,
  RATE_USER_BURST,
  RATE_USER_PER_SECOND,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  TOKEN_MAX_LIFETIME,
  TOKEN_SETTINGS,
} from './features/callers.settings';
import { CORS_ORIGINS } from './features/cors.settings';
import { ASSUMED_LIST_SIZE, MAX_ANSWER_VALUES, MAX_COST } from './features/cost.settings';
import {
  FIELD_SUGGESTIONS,
  INTROSPECTION,
  MAX_ALIASES,
  MAX_DEPTH,
  MAX_DIRECTIVES,
  MAX_ROOT_FIELDS,
  MAX_TOKENS,
} from './features/operation-limits.settings';
import {
  PERSISTED_ONLY,
  PERSISTED_OPERATIONS,
  PERSISTED_OPERATIONS_POLL_MS,
  PERSISTED_OPERATIONS_URL,
} from './features/persisted-operations.settings';
import { CACHE_RESPONSES } from './features/response-cache.settings';

/** Only ever used outside production; production refuses to start without a real secret. */
export const DEVELOPMENT_JWT_SECRET = `${DEVELOPMENT_SECRET_PREFIX}secret-do-not-use-in-production`;

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
    /** A token whose `exp` lies further than this from its `iat` is refused. */
    maxLifetimeSeconds: number;
    /** Development only: HS256 tokens signed with this secret. */
    hs256Secret: string | undefined;
    /** The sign-in service's public keys: a JWKS file, reread when it changes... */
    jwksFile: string | undefined;
    /** ...or its JWKS URL, cached and refetched for a key it has not seen. */
    jwksUrl: string | undefined;
  };
  /** The registry of mini-programs (gateway/apps.ts): a file, or a URL polled instead. */
  apps: { file: string; url: string | undefined; pollMs: number };
  /**
   * The client operations: the persisted-operation manifest the gateway serves
   * (schema/compose.ts writes it; a URL polled instead, when set), and the
   * folder of operation files the sandbox opens.
   */
  operations: {
    manifestFile: string;
    manifestUrl: string | undefined;
    manifestPollMs: number;
    dir: string;
  };
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
  /** Values an answer may hold: every field of every object, by the same list sizes. */
  maxAnswerValues: number;
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

// The gateway's own settings that belong to no feature of gateway/features/, by concern.

const GATEWAY_PORT = setting({
  name: 'HUTONG_GATEWAY_PORT',
  schema: port,
  default: DEFAULT_GATEWAY_PORT,
  doc: 'gateway port',
});
const GATEWAY_WORKERS = setting({
  name: 'HUTONG_GATEWAY_WORKERS',
  schema: positiveInt,
  default: new Computed('all cores in production, else `1`'),
  doc: 'gateway processes sharing the port (Node cluster); collapsed fetches are per process, caches and rate limits too unless `REDIS_URL` is set, though a cache invalidation reaches every worker before its mutation answers',
});
const MEMORY_MB = setting({
  name: 'HUTONG_MEMORY_MB',
  schema: positiveInt,
  default: new Computed('`256` (a clustered gateway: 256 per worker plus 96)'),
  doc: "memory a service may use, all its processes together: its container's limit. V8's heap is sized from it (half for the old generation, `--max-old-space-size`, and `--max-semi-space-size` about a 32nd, a power of two up to 16 MB); `npm start`, the image and the cluster primary pass those flags, and a process started without them says so at start. A gateway worker gets an equal share of what the primary's 96 leave; at least 192 a process",
});
const METRICS_PORT = metricsPortSetting('HUTONG_METRICS_PORT', DEFAULT_GATEWAY_METRICS_PORT);
const APOLLO_TELEMETRY = setting({
  name: 'HUTONG_APOLLO_TELEMETRY',
  schema: bool,
  default: false,
  doc: "opt in to `@apollo/gateway`'s usage reporting; off, nothing leaves the machine",
});
const GATEWAY_SECRET = setting({
  name: 'HUTONG_GATEWAY_SECRET',
  schema: z.string(),
  default: DEVELOPMENT_GATEWAY_SECRET,
  shownDefault: 'a development secret',
  secret: { purpose: 'the credential subgraphs require of the gateway' },
  doc: 'signs the credential of every subgraph fetch (same value on both sides; required in production)',
});
const OPERATIONS_DIR = setting({
  name: 'HUTONG_OPERATIONS_DIR',
  schema: z.string(),
  default: 'schema/operations',
  doc: 'the client operation files the sandbox opens',
});

const BODY_LIMIT_BYTES = setting({
  name: 'HUTONG_BODY_LIMIT_BYTES',
  schema: positiveInt,
  default: 1024 * 1024,
  doc: 'request body limit (413 above)',
});
const TRUST_PROXY = setting({
  name: 'HUTONG_TRUST_PROXY',
  schema: trustProxy,
  default: false,
  doc: "proxies trusted to name the client in `X-Forwarded-For`, for per-address rate limits: `true` (any), or their addresses and CIDRs (`10.0.0.0/8,127.0.0.1`); behind an HTTP ingress set it, or every anonymous client shares the ingress's bucket",
});

const SUPERGRAPH = setting({
  name: 'HUTONG_SUPERGRAPH',
  schema: z.string(),
  default: 'schema/supergraph.graphql',
  doc: 'supergraph the gateway serves',
});
const SUPERGRAPH_URL = setting<string | undefined>({
  name: 'HUTONG_SUPERGRAPH_URL',
  schema: url,
  default: undefined,
  doc: 'fetch the supergraph from this URL (a registry, an object store) instead of the file, polled with its `ETag`',
});
const SUPERGRAPH_POLL_MS = setting({
  name: 'HUTONG_SUPERGRAPH_POLL_MS',
  schema: positiveInt,
  default: 10_000,
  doc: 'how often the gateway polls `HUTONG_SUPERGRAPH_URL`, or checks its file besides file events',
});
/** `upper` is a subgraph's name in capitals; the reference shows `<NAME>`. */
const subgraphUrl = (upper: string) =>
  setting<string | undefined>({
    name: `HUTONG_${upper}_URL`,
    schema: url,
    default: undefined,
    shownDefault: "the supergraph's URL",
    doc: 'where the gateway reaches a subgraph (`npm start` sets it from the port)',
  });

const SUBGRAPH_TIMEOUT_MS = setting({
  name: 'HUTONG_SUBGRAPH_TIMEOUT_MS',
  schema: positiveInt,
  default: 5000,
  doc: 'how long one subgraph fetch may take',
});
const REQUEST_DEADLINE_MS = setting({
  name: 'HUTONG_REQUEST_DEADLINE_MS',
  schema: positiveInt,
  default: 15_000,
  doc: "how long a whole request may take, every subgraph fetch included (below a mini-program's 30 s)",
});
const SUBGRAPH_MAX_RESPONSE_BYTES = setting({
  name: 'HUTONG_SUBGRAPH_MAX_RESPONSE_BYTES',
  schema: positiveInt,
  // About 300 times the home query's largest subgraph answer (3.4 KB, maps').
  default: 1024 * 1024,
  doc: "a subgraph answer is read up to this (about 300 times the home query's largest, 3.4 KB); past it the connection is cut and that fetch fails like a subgraph that is down",
});
const SUBGRAPH_RETRIES = setting({
  name: 'HUTONG_SUBGRAPH_RETRIES',
  schema: z.coerce.number().int().min(0).max(5),
  default: 2,
  doc: 'query retries per fetch (at most 5)',
});
const RETRY_BUDGET_PERCENT = setting({
  name: 'HUTONG_RETRY_BUDGET_PERCENT',
  schema: positiveInt,
  default: 20,
  doc: 'the extra load, in percent of fetches, retries may add',
});
const BREAKER_FAILURES = setting({
  name: 'HUTONG_BREAKER_FAILURES',
  schema: positiveInt,
  default: 5,
  doc: "consecutive failures that open a subgraph's circuit",
});
const BREAKER_HALF_OPEN_MS = setting({
  name: 'HUTONG_BREAKER_HALF_OPEN_MS',
  schema: positiveInt,
  default: 10_000,
  doc: 'the pause before an open circuit lets a trial fetch through',
});

const CACHE_SUBGRAPH_ANSWERS = setting({
  name: 'HUTONG_CACHE_SUBGRAPH_ANSWERS',
  schema: bool,
  default: true,
  doc: "the entity cache and the fetch cache of subgraph answers, as the subgraphs' cache hints allow",
});
const CACHE_MAX_MB = setting({
  name: 'HUTONG_CACHE_MAX_MB',
  schema: positiveInt,
  default: new Computed('`32` (an eighth of a smaller process budget)'),
  doc: "megabytes the in-process cache holds at most, per gateway process (least recently used go first); at most a quarter of the process's `HUTONG_MEMORY_MB` share, since the heap gets half and holds the gateway's own 45 MB or so",
});
const OPERATION_CACHE_MB = setting({
  name: 'HUTONG_OPERATION_CACHE_MB',
  schema: positiveInt,
  default: 2,
  doc: "megabytes, by Apollo's estimate (about a fourth of what they take in the heap), that parsed operations and query plans may each take per gateway process; Apollo's own default is 30",
});
const COLLAPSE_FETCHES = setting({
  name: 'HUTONG_COLLAPSE_FETCHES',
  schema: bool,
  default: true,
  doc: 'identical query fetches of one viewer on their way at once are sent once',
});
const WARM_PLANS = setting({
  name: 'HUTONG_WARM_PLANS',
  schema: bool,
  default: true,
  doc: "the persisted operations' query plans are made when a schema loads",
});

const REDIS_URL = setting<string | undefined>({
  name: 'REDIS_URL',
  schema: redisUrl,
  default: undefined,
  doc: "the gateway replicas' shared Redis (caches, APQ, rate limits); without it they live in each process, and while Redis does not answer the gateway falls back to them",
});
const REDIS_PREFIX = setting({
  name: 'HUTONG_REDIS_PREFIX',
  schema: z.string().min(1).max(64),
  default: 'hutong:',
  doc: 'first part of every key the gateway writes to Redis, so deployments can share one',
});

/**
 * Every gateway setting, by concern, as the configuration reference shows them
 * (schema/config-docs.ts); the features' own come from gateway/features/.
 */
export const GATEWAY_SETTING_GROUPS: readonly SettingGroup[] = [
  {
    title: 'Gateway: processes and secrets',
    settings: [
      GATEWAY_PORT,
      METRICS_PORT,
      GATEWAY_WORKERS,
      MEMORY_MB,
      GATEWAY_SECRET,
      APOLLO_TELEMETRY,
    ],
  },
  { title: 'Gateway: HTTP', settings: [BODY_LIMIT_BYTES, CORS_ORIGINS, TRUST_PROXY] },
  { title: 'Gateway: tokens and apps', settings: [...TOKEN_SETTINGS, ...APP_SETTINGS] },
  {
    title: 'Gateway: operations and their limits',
    intro: 'Checked before a query is planned: a rejected operation never reaches a subgraph.',
    settings: [
      PERSISTED_ONLY,
      PERSISTED_OPERATIONS,
      PERSISTED_OPERATIONS_URL,
      PERSISTED_OPERATIONS_POLL_MS,
      OPERATIONS_DIR,
      INTROSPECTION,
      FIELD_SUGGESTIONS,
      MAX_TOKENS,
      MAX_DEPTH,
      MAX_ALIASES,
      MAX_DIRECTIVES,
      MAX_ROOT_FIELDS,
      MAX_COST,
      MAX_ANSWER_VALUES,
      ASSUMED_LIST_SIZE,
    ],
  },
  {
    title: 'Gateway: rate limits',
    intro:
      'Token buckets, taken before any parsing; a refusal is 429 `RATE_LIMITED` with `Retry-After`.',
    settings: RATE_LIMIT_SETTINGS,
  },
  {
    title: 'Gateway: supergraph and subgraphs',
    settings: [SUPERGRAPH, SUPERGRAPH_URL, SUPERGRAPH_POLL_MS, subgraphUrl('<NAME>')],
  },
  {
    title: 'Gateway: resilience',
    settings: [
      SUBGRAPH_TIMEOUT_MS,
      REQUEST_DEADLINE_MS,
      SUBGRAPH_MAX_RESPONSE_BYTES,
      SUBGRAPH_RETRIES,
      RETRY_BUDGET_PERCENT,
      BREAKER_FAILURES,
      BREAKER_HALF_OPEN_MS,
    ],
  },
  {
    title: 'Gateway: caching',
    settings: [
      CACHE_SUBGRAPH_ANSWERS,
      CACHE_RESPONSES,
      CACHE_MAX_MB,
      OPERATION_CACHE_MB,
      COLLAPSE_FETCHES,
      WARM_PLANS,
    ],
  },
  { title: 'Gateway: Redis', settings: [REDIS_URL, REDIS_PREFIX] },
];

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const base = readCommonConfig(reader, env, METRICS_PORT);
  const settings = new SettingsReader(reader, base.env);
  const get = settings.get.bind(settings) as SettingsReader['get'];
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const override = get(subgraphUrl(name.toUpperCase()));
    if (override) subgraphUrls[name] = override;
  }
  const production = base.env === 'production';
  const givenJwtSecret = get(JWT_SECRET);
  const jwtSecret = givenJwtSecret || DEVELOPMENT_JWT_SECRET;
  const jwksFile = get(JWKS_FILE);
  const jwksUrl = get(JWKS_URL);
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
  const servicePort = get(GATEWAY_PORT);
  checkMetricsPort(reader, base, servicePort, 'HUTONG_METRICS_PORT');
  const workers = get(GATEWAY_WORKERS, production ? os.availableParallelism() : 1);
  const memoryMb = get(
    MEMORY_MB,
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
  const cacheMaxMegabytes = get(CACHE_MAX_MB, Math.min(32, Math.floor(perWorker / 8)));
  if (cacheMaxMegabytes > perWorker / 4)
    reader.problems.push(
      `HUTONG_CACHE_MAX_MB=${cacheMaxMegabytes} does not fit the heap of a ${perWorker} MB gateway ` +
        `process (HUTONG_MEMORY_MB): at most ${Math.floor(perWorker / 4)}, or raise HUTONG_MEMORY_MB`,
    );
  const fromRoot = (file: string) => path.resolve(PROJECT_ROOT, file);
  return reader.finish({
    ...base,
    port: servicePort,
    workers,
    memoryMb,
    supergraphPath: fromRoot(get(SUPERGRAPH)),
    supergraphUrl: get(SUPERGRAPH_URL),
    supergraphPollMs: get(SUPERGRAPH_POLL_MS),
    subgraphUrls,
    jwtSecret,
    tokens: {
      issuer: get(TOKEN_ISSUER),
      audience: get(TOKEN_AUDIENCE),
      maxLifetimeSeconds: get(TOKEN_MAX_LIFETIME),
      hs256Secret: production ? undefined : jwtSecret,
      jwksFile: jwksFile && fromRoot(jwksFile),
      jwksUrl,
    },
    apps: { file: fromRoot(get(APPS)), url: get(APPS_URL), pollMs: get(APPS_POLL_MS) },
    operations: {
      manifestFile: fromRoot(get(PERSISTED_OPERATIONS)),
      manifestUrl: get(PERSISTED_OPERATIONS_URL),
      manifestPollMs: get(PERSISTED_OPERATIONS_POLL_MS),
      dir: fromRoot(get(OPERATIONS_DIR)),
    },
    gatewaySecret: get(GATEWAY_SECRET),
    apolloTelemetry: get(APOLLO_TELEMETRY),
    persistedOnly: get(PERSISTED_ONLY),
    introspection: get(INTROSPECTION),
    fieldSuggestions: get(FIELD_SUGGESTIONS),
    corsOrigins: get(CORS_ORIGINS),
    bodyLimitBytes: get(BODY_LIMIT_BYTES),
    limits: {
      maxDepth: get(MAX_DEPTH),
      maxAliases: get(MAX_ALIASES),
      maxRootFields: get(MAX_ROOT_FIELDS),
      maxDirectives: get(MAX_DIRECTIVES),
      maxTokens: get(MAX_TOKENS),
      maxCost: get(MAX_COST),
      maxAnswerValues: get(MAX_ANSWER_VALUES),
      assumedListSize: get(ASSUMED_LIST_SIZE),
    },
    subgraphTimeoutMs: get(SUBGRAPH_TIMEOUT_MS),
    subgraphMaxResponseBytes: get(SUBGRAPH_MAX_RESPONSE_BYTES),
    requestDeadlineMs: get(REQUEST_DEADLINE_MS),
    retry: { attempts: get(SUBGRAPH_RETRIES), budgetPercent: get(RETRY_BUDGET_PERCENT) },
    breaker: {
      consecutiveFailures: get(BREAKER_FAILURES),
      halfOpenAfterMs: get(BREAKER_HALF_OPEN_MS),
    },
    redisUrl: get(REDIS_URL),
    trustProxy: get(TRUST_PROXY),
    redisPrefix: get(REDIS_PREFIX),
    cache: {
      subgraphAnswers: get(CACHE_SUBGRAPH_ANSWERS),
      responses: get(CACHE_RESPONSES),
      maxMegabytes: cacheMaxMegabytes,
      operationMegabytes: get(OPERATION_CACHE_MB),
    },
    collapseFetches: get(COLLAPSE_FETCHES),
    warmPlans: get(WARM_PLANS),
    rateLimits: {
      perApp: { capacity: get(RATE_APP_BURST), refillPerSecond: get(RATE_APP_PER_SECOND) },
      perUser: { capacity: get(RATE_USER_BURST), refillPerSecond: get(RATE_USER_PER_SECOND) },
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
