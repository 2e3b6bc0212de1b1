/**
 * Prometheus metrics shared by the gateway and the subgraphs. Every service
 * instance keeps a registry of its own, never prom-client's global one: a test
 * process starts many gateways and subgraphs, and each must count only its
 * own requests. GET /metrics answers it in the text exposition format, with
 * prom-client's default process metrics, on a listener of the metrics' own
 * in production (the scraper's port, never the clients') and on the service's
 * port otherwise.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { HttpLimits, MetricsListenerConfig } from './config';
import { createHttpApp, listen, type Readiness } from './http';
import type { Logger } from './logger';
import { PUBLIC_ROUTE } from './http';

export const METRICS_PATH = '/metrics';

/** Seconds; the top buckets reach past the gateway's 15 s request deadline. */
export const REQUEST_SECONDS_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** A service's own registry, for its own metrics only. */
export function createMetricsRegistry(defaultLabels: Record<string, string> = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  return registry;
}

let processMetrics: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, handles, event loop, GC),
 * collected once per process and shown by every service in it: they describe
 * the process, whichever service asks, and each collection starts an event
 * loop monitor and a GC observer that can never be stopped.
 */
export function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export interface MetricsText {
  contentType: string;
  text: string;
}

/** Where /metrics gets its answer: the service's registry, or a whole cluster's sum. */
export type MetricsSource = () => Promise<MetricsText>;

/** A service's metrics and its process's, as /metrics shows them. */
export function registrySource(registry: Registry): MetricsSource {
  // Concatenated rather than merged: a merged registry would drop the service's default labels.
  return async () => ({
    contentType: registry.contentType,
    text: `${await processRegistry().metrics()}\n${await registry.metrics()}`,
  });
}

export function registerMetricsRoute(
  app: FastifyInstance,
  source: MetricsSource,
  log: Logger,
): void {
  app.get(METRICS_PATH, { config: PUBLIC_ROUTE }, async (_request, reply) => {
    let metrics: MetricsText;
    try {
      metrics = await source();
    } catch (error) {
      log.warn({ err: error }, 'could not gather the metrics');
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send({
          errors: [
            { message: 'Metrics are unavailable', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
          ],
        });
    }
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(metrics.text);
  });
}

/** Where a service answers GET /metrics. */
export interface MetricsEndpoint {
  /** Opens the metrics listener, when there is one, and answers its URL. */
  listen(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface MetricsEndpointOptions {
  service: string;
  limits: HttpLimits;
  source: MetricsSource;
  log: Logger;
  /** What /ready answers on the metrics listener too. */
  readiness?: Readiness;
}

/**
 * Serves `source` at /metrics: on a listener of its own when `listener` is
 * set (the service's port then answers 404 there), else on `serviceApp`.
 */
export function exposeMetrics(
  serviceApp: FastifyInstance,
  listener: MetricsListenerConfig | undefined,
  options: MetricsEndpointOptions,
): MetricsEndpoint {
  if (listener) return metricsListener(listener, options);
  registerMetricsRoute(serviceApp, options.source, options.log);
  return { listen: async () => undefined, close: async () => {} };
}

/** /metrics on a listener that serves nothing else (besides /health and /ready). */
export function metricsListener(
  listener: MetricsListenerConfig,
  options: MetricsEndpointOptions,
): MetricsEndpoint {
  const app = createHttpApp({
    limits: options.limits,
    readiness: options.readiness,
    log: options.log,
  });
  registerMetricsRoute(app, options.source, options.log);
  return {
    listen: () => listen(app, `${options.service} metrics`, listener.port, listener.host),
    close: () => app.close(),
  };
}

/** How a GraphQL request ended, as the `outcome` label tells it. */
export type RequestOutcome = 'ok' | 'errors' | 'refused';

export interface ResponseFacts {
  /** False when the connection closed before the whole answer was sent. */
  answered: boolean;
  status: number;
  /** The GraphQL answer had `errors`. */
  graphqlErrors: boolean;
  /** The GraphQL answer had `data`: the operation ran (request errors carry no `data`). */
  executed: boolean;
}

/**
 * `refused`: the request was turned away before it ran (4xx, or a GraphQL
 * request error: parse, validation, limits, persisted operations, rate
 * limits); `errors`: it ran and something failed (field errors, a missing
 * subgraph, 5xx) or the client was not answered; `ok` otherwise.
 */
export function outcomeOf(facts: ResponseFacts): RequestOutcome {
  if (!facts.answered || facts.status >= 500) return 'errors';
  if (facts.status >= 400) return 'refused';
  if (!facts.graphqlErrors) return 'ok';
  return facts.executed ? 'errors' : 'refused';
}

export const OTHER_OPERATION = 'other';
export const ANONYMOUS_OPERATION = 'anonymous';
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Operation names as label values. Each value is a time series of its own, so
 * only names known in advance (the persisted-operation manifest) and, up to
 * `cap`, further names that passed validation become labels; any other name,
 * and a request that never got as far as a validated operation, is "other".
 */
export class OperationLabels {
  private readonly names: Set<string>;
  private added = 0;

  constructor(
    known: Iterable<string>,
    private readonly cap: number,
  ) {
    this.names = new Set(known);
  }

  /** Names known in advance from now on (a new manifest's), whatever the cap. */
  know(names: Iterable<string>): void {
    for (const name of names) this.names.add(name);
  }

  /** `undefined`: no validated operation; `null`: a validated anonymous one. */
  label(name: string | null | undefined): string {
    if (name === undefined) return OTHER_OPERATION;
    if (name === null || name === '') return ANONYMOUS_OPERATION;
    if (this.names.has(name)) return name;
    if (this.added >= this.cap || !GRAPHQL_NAME.test(name)) return OTHER_OPERATION;
    this.added++;
    this.names.add(name);
    return name;
  }
}
