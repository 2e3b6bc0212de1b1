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
import { Tracing } from '../lib/tracing';
import { requestIdOf } from './context';
import { GatewayMetrics } from './metrics';
import { FetchObservation } from './subgraph-client/observe';
import type { SubgraphPolicies } from './subgraph-client/policies';

export interface GatewayObservability {
  metrics: GatewayMetrics;
  /** /metrics: its own listener in production, the service's port otherwise. */
  metricsEndpoint: MetricsEndpoint;
  /** Undefined when tracing is off. */
  tracing: Tracing | undefined;
  requests: GraphQLRequestObserver;
  /** The observation layer of the client of subgraph `name`. */
  subgraphFetches(name: string): FetchObservation;
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
    subgraphFetches: (name) => new FetchObservation(name, metrics, tracing, requests),
    close: async () => {
      await metricsEndpoint.close();
      await tracing?.shutdown();
    },
  };
}
