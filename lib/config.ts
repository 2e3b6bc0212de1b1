/**
 * The one place that reads the environment. Every entry point calls one of the
 * `load*Config` functions once at start; nothing else touches `process.env`.
 * Invalid configuration is reported as a whole (every problem at once) through
 * `ConfigError`, and entry points print it and exit non-zero.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const SUBGRAPH_NAMES = ['payments', 'maps', 'food', 'commerce', 'social'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_GATEWAY_PORT = 4000;
export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  payments: 4001,
  maps: 4002,
  food: 4003,
  commerce: 4004,
  social: 4005,
};

/**
 * Production serves /metrics on listeners of their own (as Apollo Router does
 * on 9090), never on the ports clients reach.
 */
export const DEFAULT_GATEWAY_METRICS_PORT = 9090;
export const DEFAULT_SUBGRAPH_METRICS_PORTS: Record<SubgraphName, number> = {
  payments: 9091,
  maps: 9092,
  food: 9093,
  commerce: 9094,
  social: 9095,
};

/** What one service process may use when nothing else is said: the manifests' 256Mi limit. */
export const DEFAULT_PROCESS_MEMORY_MB = 256;
/** Set aside for a clustered gateway's primary, which forks, supervises and sums metrics. */
export const GATEWAY_PRIMARY_MEMORY_MB = 96;
/** Below this a service process does not fit its own code, schema and caches with room to serve. */
export const MIN_PROCESS_MEMORY_MB = 192;

/** Only ever used outside production; production refuses to start without a real secret. */
export const DEVELOPMENT_JWT_SECRET = 'hutong-development-secret-do-not-use-in-production';

export const DEVELOPMENT_GATEWAY_SECRET = 'hutong-development-gateway-secret';

const DEVELOPMENT_CORS_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000'];

/** Development-only signing secrets for payment requests, one per order owner. */
export const DEVELOPMENT_PAYMENT_REQUEST_SECRETS: Record<'food' | 'commerce', string> = {
  food: 'hutong-development-food-payments-secret',
  commerce: 'hutong-development-commerce-payments-secret',
};

/** The project's root folder, whatever the working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

export type RuntimeEnv = 'development' | 'production' | 'test';

export interface CommonConfig {
  env: RuntimeEnv;
  logLevel: string;
  /** Interface to bind; `localhost` binds both 127.0.0.1 and ::1. */
  host: string;
  /**
   * The developer pages and their endpoints: GraphiQL at /, the demo-user token,
   * query plans, field owners and the demo mini-program. Development only.
   */
  sandbox: boolean;
  tracing: TracingConfig;
  shutdown: ShutdownTiming;
  http: HttpLimits;
  /** Where /metrics is served: a listener of its own, or the service's port when undefined. */
  metrics: MetricsListenerConfig | undefined;
}

/**
 * What one client may hold of a service: time to send its request and
 * connections kept open. Without bounds, clients that trickle their bytes
 * would keep connections (and their buffers) forever.
 */
export interface HttpLimits {
  /** Time from a connection's first byte, or a request's, to the end of its headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Connections one process keeps open at once; a connection beyond is closed at once. */
  maxConnections: number;
}

export interface MetricsListenerConfig {
  port: number;
  /** Interface the metrics listener binds: the pod's address in Kubernetes. */
  host: string;
}

/** OpenTelemetry traces: off unless an OTLP endpoint is set, so nothing leaves the machine. */
export interface TracingConfig {
  /** OTLP/HTTP traces URL, such as http://collector:4318/v1/traces. */
  endpoint: string | undefined;
  /** Sent with every export (a collector's API key, for instance). */
  headers: Record<string, string>;
  /** Share of requests the gateway traces; subgraphs follow the gateway's decision. */
  sampleRatio: number;
}

/** How a service stops on SIGTERM or SIGINT (see "Operations" in gateway/README.md). */
export interface ShutdownTiming {
  /** Reported not ready but still serving, so that load balancers stop sending first. */
  delayMs: number;
  /** How long in-flight requests may take to finish once the listener is closed. */
  graceMs: number;
}

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent the subgraph runs on embedded PGlite. */
  url: string | undefined;
  /** Where PGlite keeps its files (one folder per subgraph below it). */
  dataDir: string;
  /** Apply the seed data to an empty database. */
  seed: boolean;
  /** PostgreSQL only: connections this subgraph's pool may open. */
  poolSize: number;
  /** PostgreSQL only: a longer statement is cancelled (0: no limit). */
  statementTimeoutMs: number;
  /** PostgreSQL only: how long to wait for a connection, new or from the pool. */
  connectTimeoutMs: number;
}

/** The subgraphs that own orders and ask payments to charge for them. */
export const ORDER_OWNERS = ['food', 'commerce'] as const;
export type OrderOwner = (typeof ORDER_OWNERS)[number];

export interface SubgraphConfig extends CommonConfig {
  name: SubgraphName;
  port: number;
  database: DatabaseConfig;
  /**
   * HMAC secrets with which each order owner signs the payment and refund
   * requests it issues; payments verifies them, so a client cannot change an amount.
   */
  paymentRequestSecrets: Record<OrderOwner, string>;
  /** The credential a request must carry to be served: only the gateway has it. */
  gatewaySecret: string;
  /** Megabytes the process may use (its container's limit); its V8 heap is sized from it. */
  memoryMb: number;
}

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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const url = z.url({ message: 'expected a URL' });
const positiveInt = z.coerce.number().int().min(1);
/** Fastify's trustProxy: none, all, or the proxies' addresses and CIDRs. */
export type TrustProxy = boolean | string[];

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
const milliseconds = z.coerce.number().int().min(0);
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

/** `name=value,name2=value2`, values percent-encoded: the format of OTEL_EXPORTER_OTLP_HEADERS. */
const headerList = z.string().transform((value, context) => {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    if (separator < 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      context.addIssue({
        code: 'custom',
        message: 'expected name=value pairs separated by commas',
      });
      return z.NEVER;
    }
    try {
      headers[name.toLowerCase()] = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      context.addIssue({ code: 'custom', message: `the value of ${name} is not percent-encoded` });
      return z.NEVER;
    }
  }
  return headers;
});

function runtimeEnv(env: Env): RuntimeEnv {
  const value = env.NODE_ENV;
  return value === 'production' || value === 'test' ? value : 'development';
}

/** Collects problems while reading variables so that all of them are reported together. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  read<T>(name: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.problems.push(
      `${name}=${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
    return fallback;
  }

  optional<T>(name: string, schema: z.ZodType<T>): T | undefined {
    return this.read<T | undefined>(name, schema, undefined);
  }

  /**
   * A secret: required (32+ characters) in production, where a development
   * default would be a hole; the development default elsewhere.
   */
  secret(
    name: string,
    purpose: string,
    runtime: RuntimeEnv,
    developmentDefault: string,
    required = true,
  ): string {
    const value = this.env[name] ?? '';
    if (runtime !== 'production') return value === '' ? developmentDefault : value;
    if (value === '') {
      if (required)
        this.problems.push(
          `${name} is required in production (${purpose}, at least 32 characters)`,
        );
      return developmentDefault;
    }
    if (value.length < 32)
      this.problems.push(`${name} must be at least 32 characters in production`);
    return value;
  }

  finish<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}

function common(
  reader: EnvReader,
  env: Env,
  metrics: { variable: string; productionPort: number },
): CommonConfig {
  const runtime = runtimeEnv(env);
  const host = reader.read(
    'HUTONG_HOST',
    z.string(),
    runtime === 'production' ? '0.0.0.0' : 'localhost',
  );
  const sandbox = reader.read('HUTONG_SANDBOX', bool, runtime !== 'production');
  // The sandbox hands out tokens, describes the schema and talks to subgraphs past
  // their credential check: harmless on a laptop, a hole in production.
  if (sandbox && runtime === 'production')
    reader.problems.push(
      'HUTONG_SANDBOX=true is for development only, not with NODE_ENV=production',
    );
  return {
    sandbox,
    tracing: tracingConfig(reader),
    shutdown: {
      // Behind a load balancer (production) the listener stays open a little after
      // readiness turns false, for the balancer to notice; on a laptop it need not.
      delayMs: reader.read(
        'HUTONG_SHUTDOWN_DELAY_MS',
        milliseconds,
        runtime === 'production' ? 5000 : 0,
      ),
      graceMs: reader.read('HUTONG_SHUTDOWN_GRACE_MS', milliseconds, 10_000),
    },
    env: runtime,
    logLevel: reader.read('HUTONG_LOG_LEVEL', logLevel, runtime === 'test' ? 'silent' : 'info'),
    host,
    http: httpLimits(reader),
    metrics: metricsListener(
      reader,
      metrics.variable,
      runtime === 'production' ? metrics.productionPort : undefined,
      host,
    ),
  };
}

function httpLimits(reader: EnvReader): HttpLimits {
  const limits = {
    headersTimeoutMs: reader.read('HUTONG_HEADERS_TIMEOUT_MS', positiveInt, 10_000),
    requestTimeoutMs: reader.read('HUTONG_REQUEST_TIMEOUT_MS', positiveInt, 30_000),
    // Mini-program clients reuse connections: longer than the usual 5 s, and than the 60 s
    // an ingress keeps an idle connection, so that the ingress is the one to close it.
    keepAliveTimeoutMs: reader.read('HUTONG_KEEP_ALIVE_TIMEOUT_MS', positiveInt, 65_000),
    maxConnections: reader.read('HUTONG_MAX_CONNECTIONS', positiveInt, 1024),
  };
  // Node refuses a headers timeout longer than the whole request's.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    reader.problems.push(
      `HUTONG_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed HUTONG_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  return limits;
}

function metricsListener(
  reader: EnvReader,
  variable: string,
  defaultPort: number | undefined,
  serviceHost: string,
): MetricsListenerConfig | undefined {
  const metricsPort = reader.read<number | undefined>(variable, port, defaultPort);
  if (metricsPort === undefined) return undefined;
  return { port: metricsPort, host: reader.read('HUTONG_METRICS_HOST', z.string(), serviceHost) };
}

/** The service port and the metrics port must differ: one listener cannot serve both roles. */
function checkMetricsPort(
  reader: EnvReader,
  config: Pick<CommonConfig, 'metrics'>,
  servicePort: number,
  names: string,
): void {
  if (config.metrics && config.metrics.port !== 0 && config.metrics.port === servicePort)
    reader.problems.push(
      `${names}: the metrics port must differ from the service port (${servicePort})`,
    );
}

function tracingConfig(reader: EnvReader): TracingConfig {
  return {
    endpoint: reader.optional(
      'HUTONG_OTLP_ENDPOINT',
      z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }),
    ),
    headers: reader.read('HUTONG_OTLP_HEADERS', headerList, {}),
    sampleRatio: reader.read('HUTONG_OTLP_SAMPLE_RATIO', z.coerce.number().min(0).max(1), 1),
  };
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const reader = new EnvReader(env);
  const upper = name.toUpperCase();
  const base = common(reader, env, {
    variable: `HUTONG_${upper}_METRICS_PORT`,
    productionPort: DEFAULT_SUBGRAPH_METRICS_PORTS[name],
  });
  const paymentRequestSecrets = { ...DEVELOPMENT_PAYMENT_REQUEST_SECRETS };
  for (const owner of ORDER_OWNERS) {
    paymentRequestSecrets[owner] = reader.secret(
      `HUTONG_${owner.toUpperCase()}_PAYMENT_SECRET`,
      `signs ${owner}'s payment requests`,
      base.env,
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS[owner],
      name === 'payments' || name === owner,
    );
  }
  const servicePort = reader.read(`HUTONG_${upper}_PORT`, port, DEFAULT_SUBGRAPH_PORTS[name]);
  checkMetricsPort(reader, base, servicePort, `HUTONG_${upper}_METRICS_PORT`);
  const memoryMb = reader.read('HUTONG_MEMORY_MB', positiveInt, DEFAULT_PROCESS_MEMORY_MB);
  if (memoryMb < MIN_PROCESS_MEMORY_MB)
    reader.problems.push(
      `HUTONG_MEMORY_MB=${memoryMb}: a subgraph process needs at least ${MIN_PROCESS_MEMORY_MB}`,
    );
  return reader.finish({
    ...base,
    name,
    memoryMb,
    paymentRequestSecrets,
    gatewaySecret: reader.secret(
      'HUTONG_GATEWAY_SECRET',
      'the credential subgraphs require of the gateway',
      base.env,
      DEVELOPMENT_GATEWAY_SECRET,
    ),
    port: servicePort,
    database: {
      url: reader.optional(`${upper}_DATABASE_URL`, url) ?? reader.optional('DATABASE_URL', url),
      dataDir: path.resolve(PROJECT_ROOT, reader.read('HUTONG_DATA_DIR', z.string(), '.data')),
      seed: reader.read('HUTONG_SEED', bool, base.env !== 'production'),
      poolSize:
        reader.optional(`HUTONG_${upper}_DB_POOL_SIZE`, positiveInt) ??
        reader.read('HUTONG_DB_POOL_SIZE', positiveInt, 10),
      statementTimeoutMs:
        reader.optional(`HUTONG_${upper}_DB_STATEMENT_TIMEOUT_MS`, milliseconds) ??
        reader.read('HUTONG_DB_STATEMENT_TIMEOUT_MS', milliseconds, 5000),
      connectTimeoutMs: reader.read('HUTONG_DB_CONNECT_TIMEOUT_MS', positiveInt, 5000),
    },
  });
}

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const base = common(reader, env, {
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
