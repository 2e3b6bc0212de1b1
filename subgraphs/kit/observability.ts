/**
 * A subgraph's observability: its metrics at /metrics, its request observer
 * (lib/observability.ts) and, when tracing is on, a server span per request
 * continuing the gateway's trace.
 */
import { randomUUID } from 'node:crypto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import type { SubgraphConfig } from './config';
import type { Readiness } from '../../lib/http';
import { REQUEST_ID_HEADER } from '../../lib/identity';
import type { Logger } from '../../lib/logger';
import { exposeMetrics, registrySource, type MetricsEndpoint } from '../../lib/metrics';
import { GraphQLRequestObserver } from '../../lib/observability';
import { Tracing } from '../../lib/tracing';
import { SubgraphMetrics } from './metrics';

export interface SubgraphObservability {
  metrics: SubgraphMetrics;
  /** /metrics: its own listener in production, the service's port otherwise. */
  metricsEndpoint: MetricsEndpoint;
  requests: GraphQLRequestObserver;
  tracing: Tracing | undefined;
  close(): Promise<void>;
}

/**
 * A subgraph's metrics at /metrics (on `app`, or a listener of their own), its
 * request observer (hooks registered on `app`) and, when tracing is on, a
 * server span per request continuing the gateway's trace.
 */
export function observeSubgraph(
  app: FastifyInstance,
  options: {
    name: string;
    path: string;
    config: Pick<SubgraphConfig, 'tracing' | 'metrics' | 'http'>;
    readiness: Readiness;
    log: Logger;
    spanExporter?: SpanExporter | undefined;
  },
): SubgraphObservability {
  const metrics = new SubgraphMetrics(options.name);
  const tracing = Tracing.create(
    `hutong-${options.name}`,
    options.config.tracing,
    options.spanExporter,
  );
  const requests = new GraphQLRequestObserver({
    path: options.path,
    tracing,
    continueTrace: true,
    requestIdOf: (request) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return (Array.isArray(given) ? given[0] : given) || randomUUID();
    },
    onFinish: (request) => {
      metrics.recordRequest(request.operationName, request.outcome, request.durationMs / 1000);
      options.log.debug(
        {
          requestId: request.requestId,
          operationName: request.operationName,
          outcome: request.outcome,
          durationMs: Math.round(request.durationMs),
          status: request.status,
        },
        'request completed',
      );
    },
  });
  requests.register(app);
  const metricsEndpoint = exposeMetrics(app, options.config.metrics, {
    service: options.name,
    limits: options.config.http,
    source: registrySource(metrics.registry),
    log: options.log,
    readiness: options.readiness,
  });
  return {
    metrics,
    metricsEndpoint,
    requests,
    tracing,
    close: async () => {
      await metricsEndpoint.close();
      await tracing?.shutdown();
    },
  };
}
