/**
 * The gateway's observability, put together: metrics at /metrics (on a
 * listener of their own in production: the cluster primary's when there are
 * workers, see gateway/metrics.ts), a span per
 * request (when tracing is on) with a child span per subgraph fetch whose
 * context travels to the subgraph in `traceparent`, and one log line per
 * request when it completes.
 */
import cluster from 'node:cluster';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from './config';
import type { Readiness } from '../lib/http';
import type { Logger } from '../lib/logger';
import { exposeMetrics, type MetricsEndpoint } from '../lib/metrics';
import { GraphQLRequestObserver } from '../lib/observability';
import {
  ATTR_REQUEST_ID,
  ATTR_SUBGRAPH,
  injectTraceContext,
  Tracing,
  withSpan,
} from '../lib/tracing';
import { requestIdOf, type GatewayContext } from './context';
import { fetchFailureReason, GatewayMetrics } from './metrics';
import type { SubgraphPolicies } from './resilience';

export interface GatewayObservability {
  metrics: GatewayMetrics;
  /** /metrics: its own listener in production, the service's port otherwise. */
  metricsEndpoint: MetricsEndpoint;
  /** Undefined when tracing is off. */
  tracing: Tracing | undefined;
  requests: GraphQLRequestObserver;
  /** What the client of subgraph `name` reports each fetch to. */
  subgraphFetches(name: string): SubgraphFetchObserver;
  close(): Promise<void>;
}

export function observeGateway(
  app: FastifyInstance,
  options: {
    config: Pick<GatewayConfig, 'tracing' | 'metrics' | 'http'>;
    readiness: Readiness;
    graphqlPath: string;
    policies: Map<string, SubgraphPolicies>;
    operationNames: Iterable<string>;
    log: Logger;
    spanExporter?: SpanExporter | undefined;
  },
): GatewayObservability {
  const metrics = new GatewayMetrics(options);
  const tracing = Tracing.create('hutong-gateway', options.config.tracing, options.spanExporter);
  const requests = new GraphQLRequestObserver({
    path: options.graphqlPath,
    tracing,
    // A traceparent from the internet is not ours to continue: every request starts a trace.
    continueTrace: false,
    requestIdOf,
    onFinish: (request) => {
      metrics.recordRequest(
        request.operationName,
        request.outcome,
        request.durationMs / 1000,
        request.app,
      );
      options.log.info(
        {
          requestId: request.requestId,
          operationName: request.operationName,
          ...(request.app ? { app: request.app } : {}),
          outcome: request.outcome,
          durationMs: Math.round(request.durationMs),
          status: request.status,
          ...(request.span ? { traceId: request.span.spanContext().traceId } : {}),
        },
        'request completed',
      );
    },
  });
  requests.register(app);
  // A worker's metrics listener is its primary's, which sums every worker's.
  const metricsEndpoint: MetricsEndpoint =
    cluster.isWorker && options.config.metrics
      ? { listen: async () => undefined, close: async () => {} }
      : exposeMetrics(app, options.config.metrics, {
          service: 'gateway',
          limits: options.config.http,
          source: metrics.source,
          log: options.log,
          readiness: options.readiness,
        });
  return {
    metrics,
    metricsEndpoint,
    tracing,
    requests,
    subgraphFetches: (name) => new SubgraphFetchObserver(name, metrics, tracing, requests),
    close: async () => {
      await metricsEndpoint.close();
      await tracing?.shutdown();
    },
  };
}

export class SubgraphFetchObserver {
  constructor(
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    private readonly tracing: Tracing | undefined,
    private readonly requests: GraphQLRequestObserver,
  ) {}

  /**
   * One attempt at a subgraph fetch: `send` gets the headers to send (with
   * `traceparent` when tracing is on) and runs inside a client span, a child
   * of the request's span; its time and any failure are counted.
   */
  async attempt<T>(
    request: {
      context: GatewayContext | undefined;
      headers: Record<string, string>;
      signal: AbortSignal | undefined;
    },
    send: (headers: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    const { context, headers, signal } = request;
    const span = this.tracing?.startClientSpan(
      `POST ${this.subgraph}`,
      {
        'http.request.method': 'POST',
        [ATTR_SUBGRAPH]: this.subgraph,
        ...(context ? { [ATTR_REQUEST_ID]: context.requestId } : {}),
      },
      this.requests.spanOf(context),
    );
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    // The signal is the request's (or a shared fetch's): aborted, the request ended first.
    const reasonOf = (error: unknown) => fetchFailureReason(error, signal?.aborted === true);
    try {
      const result = await withSpan(
        span,
        () => send(span ? injectTraceContext(span, headers) : headers),
        reasonOf,
      );
      this.metrics.recordFetch(this.subgraph, seconds());
      return result;
    } catch (error) {
      this.metrics.recordFetch(this.subgraph, seconds(), reasonOf(error));
      throw error;
    }
  }

  /** A fetch the subgraph's open circuit refused before any attempt. */
  circuitOpen(): void {
    this.metrics.recordCircuitOpen(this.subgraph);
  }
}
