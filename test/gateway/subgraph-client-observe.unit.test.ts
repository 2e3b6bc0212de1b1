/** The observation layer alone: a span and the metrics for each attempt, over a fake `next`. */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { GraphQLRequestObserver } from '../../lib/observability';
import { Tracing } from '../../lib/tracing';
import { GatewayMetrics } from '../../gateway/metrics';
import type { SubgraphFetch } from '../../gateway/subgraph-client/fetch';
import { FetchObservation } from '../../gateway/subgraph-client/observe';
import { SubgraphHttpError } from '../../gateway/subgraph-client/transport';
import { valueOf } from '../support/prometheus';
import { answer, fakeIncoming, subgraphFetch } from '../support/subgraph-fetch';

function layer(spans?: InMemorySpanExporter) {
  const metrics = new GatewayMetrics({ policies: new Map(), operationNames: [] });
  const tracing = spans
    ? Tracing.create('hutong-gateway', { endpoint: undefined, headers: {}, sampleRatio: 1 }, spans)
    : undefined;
  const requests = new GraphQLRequestObserver({
    path: '/graphql',
    tracing,
    requestIdOf: () => 'request-1',
    continueTrace: false,
    onFinish: () => {},
  });
  return {
    metrics,
    tracing,
    observation: new FetchObservation('maps', metrics, tracing, requests),
  };
}

const count = async (metrics: GatewayMetrics, name: string, labels: Record<string, string>) =>
  valueOf(await metrics.registry.metrics(), name, labels);

describe('the observation layer', () => {
  it('counts each attempt and each failure by reason', async () => {
    const { metrics, observation } = layer();
    await observation.run(subgraphFetch(), async () => answer({ data: {} }));
    await observation
      .run(subgraphFetch(), async () => {
        throw new SubgraphHttpError(503);
      })
      .catch(() => undefined);
    const durations = 'hutong_gateway_subgraph_fetch_duration_seconds_count';
    expect(await count(metrics, durations, { subgraph: 'maps', outcome: 'ok' })).toBe(1);
    expect(await count(metrics, durations, { subgraph: 'maps', outcome: 'error' })).toBe(1);
    expect(
      await count(metrics, 'hutong_gateway_subgraph_fetch_errors_total', {
        subgraph: 'maps',
        reason: 'http_5xx',
      }),
    ).toBe(1);
  });

  it('calls a failure of a request that had ended "aborted", not the subgraph\'s fault', async () => {
    const { metrics, observation } = layer();
    const ended = new AbortController();
    ended.abort(new Error('client gone'));
    await observation
      .run(subgraphFetch({ incoming: fakeIncoming(undefined, ended.signal) }), async () => {
        throw new Error('socket closed');
      })
      .catch(() => undefined);
    expect(
      await count(metrics, 'hutong_gateway_subgraph_fetch_errors_total', { reason: 'aborted' }),
    ).toBe(1);
  });

  it('sends each attempt in a client span whose context travels in traceparent', async () => {
    const spans = new InMemorySpanExporter();
    const { observation, tracing } = layer(spans);
    let sent: SubgraphFetch | undefined;
    await observation.run(subgraphFetch({ incoming: fakeIncoming() }), async (fetch) => {
      sent = fetch;
      return answer({ data: {} });
    });
    // Read before shutdown: shutting the exporter down empties it.
    const [span] = spans.getFinishedSpans();
    await tracing!.shutdown();
    expect(span?.name).toBe('POST maps');
    expect(sent!.headers.traceparent).toContain(span!.spanContext().spanId);
    expect(sent!.headers['content-type']).toBe('application/json');
  });

  it('counts collapsed fetches and fetches an open circuit refused', async () => {
    const { metrics, observation } = layer();
    observation.collapsed();
    observation.circuitOpen();
    expect(
      await count(metrics, 'hutong_gateway_subgraph_fetches_collapsed_total', { subgraph: 'maps' }),
    ).toBe(1);
    expect(
      await count(metrics, 'hutong_gateway_subgraph_fetch_errors_total', {
        reason: 'circuit_open',
      }),
    ).toBe(1);
  });
});
