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

export const DEVELOPMENT_GATEWAY_SECRET = 'hutong-development-gateway-secret';

/** The project's root folder, whatever the working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Fastify's trustProxy: none, all, or the proxies' addresses and CIDRs. */
export type TrustProxy = boolean | string[];

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

export function runtimeEnv(env: Env): RuntimeEnv {
  const value = env.NODE_ENV;
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
    if (value.length < 32)
      this.problems.push(`${name} must be at least 32 characters in production`);
    return value;
  }

  finish<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return config;
  }
}

export function readCommonConfig(
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
