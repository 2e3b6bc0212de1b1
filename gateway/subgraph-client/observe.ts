/**
 * Each attempt at a subgraph fetch, observed: a client span, a child of the
 * request's span, whose context travels to the subgraph in `traceparent`
 * (when tracing is on); its time and any failure counted in the metrics.
 * Below the policies, so every retry is an attempt of its own.
 */
import type { GraphQLRequestObserver } from '../../lib/observability';
import {
  ATTR_REQUEST_ID,
  ATTR_SUBGRAPH,
  injectTraceContext,
  withSpan,
  type Tracing,
} from '../../lib/tracing';
import type { GatewayMetrics } from '../metrics';
import type { FetchedAnswer, FetchNext, SubgraphFetch } from './fetch';
import { fetchFailureReason } from './policies';

export class FetchObservation {
  constructor(
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    private readonly tracing: Tracing | undefined,
    private readonly requests: GraphQLRequestObserver,
  ) {}

  readonly run = async (fetch: SubgraphFetch, next: FetchNext): Promise<FetchedAnswer> => {
    const context = fetch.incoming?.context;
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
    const reasonOf = (error: unknown) => fetchFailureReason(error, fetch.signal?.aborted === true);
    try {
      const answer = await withSpan(
        span,
        () => next(span ? fetch.with({ headers: injectTraceContext(span, fetch.headers) }) : fetch),
        reasonOf,
      );
      this.metrics.recordFetch(this.subgraph, seconds());
      return answer;
    } catch (error) {
      this.metrics.recordFetch(this.subgraph, seconds(), reasonOf(error));
      throw error;
    }
  };

  /** A fetch the subgraph's open circuit refused before any attempt. */
  circuitOpen(): void {
    this.metrics.recordCircuitOpen(this.subgraph);
  }

  /** A fetch that joined an identical one on its way instead of being sent. */
  collapsed(): void {
    this.metrics.recordCollapsedFetch(this.subgraph);
  }
}
