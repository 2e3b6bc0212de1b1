/**
 * What every service's configuration is made of: the reader that collects every
 * problem before reporting (`EnvReader`, `ConfigError`), the settings all
 * services share (runtime, host, HTTP limits, metrics listener, tracing,
 * shutdown) and the names and ports of the services. Each service reads the
 * environment in one place of its own, built on this: gateway/config.ts and
 * subgraphs/kit/config.ts. Entry points call their loader once at start, print
 * a `ConfigError` whole and exit non-zero.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  Computed,
  inProduction,
  PerRuntime,
  setting,
  SettingsReader,
  type Setting,
  type SettingGroup,
  type RuntimeEnv,
} from './settings';

export type { RuntimeEnv };

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

/**
 * Every development secret begins so. They are published with the source, so a
 * production service refuses any value that does, whichever setting it is given
 * to (a copied .env can put one development secret in the place of another).
 */
export const DEVELOPMENT_SECRET_PREFIX = 'hutong-development-';
export const DEVELOPMENT_GATEWAY_SECRET = `${DEVELOPMENT_SECRET_PREFIX}gateway-secret`;

/** Fewer different characters than this is a placeholder (`aaaa…`, spaces), not a secret. */
const MIN_DISTINCT_SECRET_CHARACTERS = 8;

/** Why `value` cannot be a production secret, or undefined when it can. */
export function secretWeakness(value: string, developmentDefault: string): string | undefined {
  if (value === developmentDefault || value.startsWith(DEVELOPMENT_SECRET_PREFIX))
    return 'is a development secret, published with the source: give production a secret of its own';
  if (value.length < 32) return 'must be at least 32 characters in production';
  if (value.trim() !== value) return 'begins or ends with whitespace (a copying mistake?)';
  if (new Set(value).size < MIN_DISTINCT_SECRET_CHARACTERS)
    return `has fewer than ${MIN_DISTINCT_SECRET_CHARACTERS} different characters: a placeholder, not a secret`;
  return undefined;
}

/** The project's root folder, whatever the working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Fastify's trustProxy: none, all, or the proxies' addresses and CIDRs. */
export type TrustProxy = boolean | string[];

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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export const port = z.coerce.number().int().min(0).max(65535);
export const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export const url = z.url({ message: 'expected a URL' });
export const positiveInt = z.coerce.number().int().min(1);
export const milliseconds = z.coerce.number().int().min(0);
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

export const RUNTIME = setting({
  name: 'NODE_ENV',
  schema: z.string(),
  default: 'development',
  doc: '`production` requires `HUTONG_JWKS_URL` or `HUTONG_JWKS_FILE`, turns introspection and seeding off and binds `0.0.0.0`; `test` silences the logs; anything else is development',
});

export function runtimeEnv(env: Env): RuntimeEnv {
  const value = env[RUNTIME.name];
  return value === 'production' || value === 'test' ? value : 'development';
}

/** Collects problems while reading variables so that all of them are reported together. */
export class EnvReader {
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
    const weakness = secretWeakness(value, developmentDefault);
    if (weakness) this.problems.push(`${name} ${weakness}`);
    return value;
  }

  finish<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}

const HOST = setting({
  name: 'HUTONG_HOST',
  schema: z.string(),
  default: inProduction('0.0.0.0', 'localhost'),
  doc: 'interface to bind',
});
const SANDBOX = setting({
  name: 'HUTONG_SANDBOX',
  schema: bool,
  default: inProduction(false, true),
  doc: 'the developer pages and endpoints (GraphiQL at `/` of each service, `/demo`); refused in production',
});
const LOG_LEVEL = setting({
  name: 'HUTONG_LOG_LEVEL',
  schema: logLevel,
  default: new PerRuntime({ development: 'info', production: 'info', test: 'silent' }),
  doc: 'pino log level; logs are JSON lines',
});
const SHUTDOWN_DELAY_MS = setting({
  name: 'HUTONG_SHUTDOWN_DELAY_MS',
  schema: milliseconds,
  // Behind a load balancer (production) the listener stays open a little after
  // readiness turns false, for the balancer to notice; on a laptop it need not.
  default: inProduction(5000, 0),
  doc: 'after SIGTERM, how long a service keeps accepting requests while `/ready` answers 503 (see Operations)',
});
const SHUTDOWN_GRACE_MS = setting({
  name: 'HUTONG_SHUTDOWN_GRACE_MS',
  schema: milliseconds,
  default: 10_000,
  doc: 'then, how long requests in flight may take to finish before their connections are cut',
});
const HEADERS_TIMEOUT_MS = setting({
  name: 'HUTONG_HEADERS_TIMEOUT_MS',
  schema: positiveInt,
  default: 10_000,
  doc: "time a client has to send a request's headers (also on a new connection that sends nothing); past it the answer is 408 and the connection closes",
});
const REQUEST_TIMEOUT_MS = setting({
  name: 'HUTONG_REQUEST_TIMEOUT_MS',
  schema: positiveInt,
  default: 30_000,
  doc: 'time a client has to send the whole request with its body; past it the answer is 408 and the connection closes',
});
const KEEP_ALIVE_TIMEOUT_MS = setting({
  name: 'HUTONG_KEEP_ALIVE_TIMEOUT_MS',
  schema: positiveInt,
  // Mini-program clients reuse connections: longer than the usual 5 s, and than the 60 s
  // an ingress keeps an idle connection, so that the ingress is the one to close it.
  default: 65_000,
  doc: "how long an idle keep-alive connection stays open (keep an ingress's idle timeout below it)",
});
const MAX_CONNECTIONS = setting({
  name: 'HUTONG_MAX_CONNECTIONS',
  schema: positiveInt,
  default: 1024,
  doc: "connections one process holds at once; one more is closed as it opens (a subgraph's must stay above 128 × gateway processes ÷ its replicas)",
});
const METRICS_HOST = setting({
  name: 'HUTONG_METRICS_HOST',
  schema: z.string(),
  default: new Computed('`HUTONG_HOST`'),
  doc: "interface the metrics listener binds (the manifests give it the pod's address)",
});
const OTLP_ENDPOINT = setting<string | undefined>({
  name: 'HUTONG_OTLP_ENDPOINT',
  schema: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }),
  default: undefined,
  shownDefault: 'unset (traces off)',
  doc: 'OTLP/HTTP traces URL, such as `http://otel-collector:4318/v1/traces`; set, every service exports OpenTelemetry traces',
});
const OTLP_HEADERS = setting({
  name: 'HUTONG_OTLP_HEADERS',
  schema: headerList,
  default: {},
  shownDefault: 'none',
  doc: "`name=value,...` (values percent-encoded) sent with every export, such as a collector's API key",
});
const OTLP_SAMPLE_RATIO = setting({
  name: 'HUTONG_OTLP_SAMPLE_RATIO',
  schema: z.coerce.number().min(0).max(1),
  default: 1,
  doc: "share of requests the gateway traces, 0 to 1; subgraphs follow the gateway's decision",
});

/**
 * A service's metrics listener port: its own in production (`productionPort`), unset
 * (so /metrics is on the service port) otherwise.
 */
export function metricsPortSetting(
  name: string,
  productionPort: number,
  shownDefault?: string,
): Setting<number | undefined> {
  return setting<number | undefined>({
    name,
    schema: port,
    default: inProduction<number | undefined>(productionPort, undefined),
    shownDefault,
    doc: "a listener of its own for `/metrics`, so that the service port answers 404 there; unset, `/metrics` is on the service port. A clustered gateway's primary listens there and sums its workers' metrics",
  });
}

/** The settings every service reads, by concern, as the configuration reference shows them. */
export const SHARED_SETTING_GROUPS: readonly SettingGroup[] = [
  {
    title: 'Every service: runtime and shutdown',
    intro: 'The gateway and every subgraph read these (lib/config.ts).',
    settings: [RUNTIME, HOST, LOG_LEVEL, SANDBOX, SHUTDOWN_DELAY_MS, SHUTDOWN_GRACE_MS],
  },
  {
    title: 'Every service: HTTP',
    settings: [HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, MAX_CONNECTIONS],
  },
  {
    title: 'Every service: metrics and tracing',
    settings: [METRICS_HOST, OTLP_ENDPOINT, OTLP_HEADERS, OTLP_SAMPLE_RATIO],
  },
];

export function readCommonConfig(
  reader: EnvReader,
  env: Env,
  metricsPort: Setting<number | undefined>,
): CommonConfig {
  const runtime = runtimeEnv(env);
  const settings = new SettingsReader(reader, runtime);
  const host = settings.get(HOST);
  const sandbox = settings.get(SANDBOX);
  // The sandbox hands out tokens, describes the schema and talks to subgraphs past
  // their credential check: harmless on a laptop, a hole in production.
  if (sandbox && runtime === 'production')
    reader.problems.push(
      'HUTONG_SANDBOX=true is for development only, not with NODE_ENV=production',
    );
  const tracing: TracingConfig = {
    endpoint: settings.get(OTLP_ENDPOINT),
    headers: settings.get(OTLP_HEADERS),
    sampleRatio: settings.get(OTLP_SAMPLE_RATIO),
  };
  const shutdown: ShutdownTiming = {
    delayMs: settings.get(SHUTDOWN_DELAY_MS),
    graceMs: settings.get(SHUTDOWN_GRACE_MS),
  };
  const level = settings.get(LOG_LEVEL);
  const http = httpLimits(settings);
  const metricsListenerPort = settings.get(metricsPort);
  return {
    sandbox,
    tracing,
    shutdown,
    env: runtime,
    logLevel: level,
    host,
    http,
    metrics:
      metricsListenerPort === undefined
        ? undefined
        : { port: metricsListenerPort, host: settings.get(METRICS_HOST, host) },
  };
}

function httpLimits(settings: SettingsReader): HttpLimits {
  const limits = {
    headersTimeoutMs: settings.get(HEADERS_TIMEOUT_MS),
    requestTimeoutMs: settings.get(REQUEST_TIMEOUT_MS),
    keepAliveTimeoutMs: settings.get(KEEP_ALIVE_TIMEOUT_MS),
    maxConnections: settings.get(MAX_CONNECTIONS),
  };
  // Node refuses a headers timeout longer than the whole request's.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    settings.reader.problems.push(
      `HUTONG_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed HUTONG_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  return limits;
}

/** The service port and the metrics port must differ: one listener cannot serve both roles. */
export function checkMetricsPort(
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
