/**
 * The gateway's Prometheus metrics: requests and their latency by operation
 * and outcome, subgraph fetches (latency, failures by reason), each
 * subgraph's circuit state, fetches collapsed into one already on its way,
 * and cache lookups.
 *
 * With several worker processes (HUTONG_GATEWAY_WORKERS, Node cluster), the
 * worker that happens to take a scrape answers for all of them: it asks the
 * primary process, which gathers every worker's registry over cluster IPC and
 * sums them with prom-client's AggregatorRegistry. A scrape then sees the
 * gateway as a whole, however many workers it runs and whichever one answers;
 * a per-worker label instead would show a different worker's numbers on each
 * scrape through the shared port. The primary must call
 * `serveClusterMetrics()` once before forking.
 */
import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import { CircuitState } from 'cockatiel';
import { AggregatorRegistry, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { HttpLimits, MetricsListenerConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import {
  createMetricsRegistry,
  metricsListener,
  OperationLabels,
  processRegistry,
  REQUEST_SECONDS_BUCKETS,
  registrySource,
  type MetricsSource,
  type RequestOutcome,
} from '../lib/metrics';

export const CACHE_NAMES = ['entity', 'fetch', 'response', 'apq'] as const;
export type CacheName = (typeof CACHE_NAMES)[number];

/** What the caches (entity, fetch, response, APQ) need of the metrics. */
export interface CacheLookupRecorder {
  /** `count` lookups of one kind at once: an entity fetch looks up each of its entities. */
  recordCacheLookup(cache: CacheName, hit: boolean, count?: number): void;
}

/**
 * Why one subgraph fetch failed, as the `reason` label tells it; the subgraph
 * client classifies (gateway/subgraph-client/policies.ts: `fetchFailureReason`).
 */
export type FetchFailureReason =
  | 'timeout'
  | 'unavailable'
  | 'circuit_open'
  | 'http_4xx'
  | 'http_5xx'
  | 'garbage'
  | 'too_large'
  | 'aborted'
  | 'other';

const CIRCUIT_STATES: Record<CircuitState, string> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/** Names a client may use beyond the manifest's before they all count as "other". */
const OPERATION_NAME_CAP = 50;

export class GatewayMetrics implements CacheLookupRecorder {
  readonly registry: Registry;
  /** What GET /metrics answers: this registry, or the whole cluster's in a worker. */
  readonly source: MetricsSource;
  private readonly operations: OperationLabels;
  private readonly requests: Counter<'operation' | 'outcome' | 'app'>;
  private readonly requestSeconds: Histogram<'operation' | 'outcome'>;
  private readonly fetchSeconds: Histogram<'subgraph' | 'outcome'>;
  private readonly fetchErrors: Counter<'subgraph' | 'reason'>;
  private readonly fetchesCollapsed: Counter<'subgraph'>;
  private readonly cacheLookups: Counter<'cache' | 'outcome'>;

  constructor(options: {
    /** Each subgraph's circuit breaker, by subgraph. */
    policies: ReadonlyMap<string, { state(): CircuitState }>;
    /** Names always kept as labels: the persisted-operation manifest's. */
    operationNames: Iterable<string>;
  }) {
    this.registry = createMetricsRegistry();
    const registers = [this.registry];
    this.operations = new OperationLabels(options.operationNames, OPERATION_NAME_CAP);
    this.requests = new Counter({
      name: 'hutong_gateway_requests_total',
      help: 'GraphQL requests, by operation name, outcome (ok, errors, refused) and verified app (none: anonymous)',
      labelNames: ['operation', 'outcome', 'app'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'hutong_gateway_request_duration_seconds',
      help: 'Time from a GraphQL request arriving to its answer being sent',
      labelNames: ['operation', 'outcome'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    });
    this.fetchSeconds = new Histogram({
      name: 'hutong_gateway_subgraph_fetch_duration_seconds',
      help: 'Subgraph fetches, each attempt on its own (retries included), by outcome (ok, error)',
      labelNames: ['subgraph', 'outcome'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    });
    this.fetchErrors = new Counter({
      name: 'hutong_gateway_subgraph_fetch_errors_total',
      help:
        'Failed subgraph fetch attempts, and fetches an open circuit refused, by reason ' +
        '(timeout, unavailable, circuit_open, http_4xx, http_5xx, garbage, too_large, aborted, other)',
      labelNames: ['subgraph', 'reason'],
      registers,
    });
    this.fetchesCollapsed = new Counter({
      name: 'hutong_gateway_subgraph_fetches_collapsed_total',
      help: 'Subgraph query fetches that joined an identical one already on its way instead of being sent',
      labelNames: ['subgraph'],
      registers,
    });
    const { policies } = options;
    new Gauge({
      name: 'hutong_gateway_circuit_state',
      help:
        "1 for each subgraph circuit breaker's current state (closed, open, half_open, isolated); " +
        'summed over workers, the number of workers in that state',
      labelNames: ['subgraph', 'state'],
      registers,
      collect() {
        for (const [subgraph, policy] of policies) {
          const current = policy.state();
          for (const [state, name] of Object.entries(CIRCUIT_STATES))
            this.set({ subgraph, state: name }, Number(state) === current ? 1 : 0);
        }
      },
    });
    this.cacheLookups = new Counter({
      name: 'hutong_gateway_cache_lookups_total',
      help: 'Cache lookups by cache (entity, fetch, apq) and outcome (hit, miss)',
      labelNames: ['cache', 'outcome'],
      registers,
    });
    // Present from the start, so that a hit ratio is defined before the first hit.
    for (const cache of CACHE_NAMES)
      for (const outcome of ['hit', 'miss']) this.cacheLookups.inc({ cache, outcome }, 0);

    this.source = cluster.isWorker
      ? answerForCluster(this.registry)
      : registrySource(this.registry);
  }

  /** A new manifest's names, kept as labels like the first one's. */
  knowOperations(names: Iterable<string>): void {
    this.operations.know(names);
  }

  recordRequest(
    operationName: string | null | undefined,
    outcome: RequestOutcome,
    seconds: number,
    app: string | null = null,
  ) {
    const labels = { operation: this.operations.label(operationName), outcome };
    // Only registered apps' ids reach this label (gateway/auth.ts), so it stays bounded.
    this.requests.inc({ ...labels, app: app ?? 'none' });
    this.requestSeconds.observe(labels, seconds);
  }

  /** One fetch attempt to a subgraph: its time, and its failure if it failed. */
  recordFetch(subgraph: string, seconds: number, failure?: FetchFailureReason): void {
    this.fetchSeconds.observe({ subgraph, outcome: failure ? 'error' : 'ok' }, seconds);
    if (failure) this.fetchErrors.inc({ subgraph, reason: failure });
  }

  /** A fetch its subgraph's open circuit refused: no attempt was made. */
  recordCircuitOpen(subgraph: string): void {
    this.fetchErrors.inc({ subgraph, reason: 'circuit_open' });
  }

  /** A fetch that joined an identical one on its way: not sent. */
  recordCollapsedFetch(subgraph: string): void {
    this.fetchesCollapsed.inc({ subgraph });
  }

  /** For the caches (entity, fetch, APQ): one lookup, and whether it hit. */
  recordCacheLookup(cache: CacheName, hit: boolean, count = 1): void {
    this.cacheLookups.inc({ cache, outcome: hit ? 'hit' : 'miss' }, count);
  }
}

const METRICS_REQUEST = 'hutong:cluster-metrics-request';
const METRICS_ANSWER = 'hutong:cluster-metrics-answer';
/** Above prom-client's own 5 s wait for the workers, below Prometheus's 10 s scrape timeout. */
const CLUSTER_METRICS_TIMEOUT_MS = 7000;

interface MetricsAnswer {
  type: typeof METRICS_ANSWER;
  id: string;
  text?: string;
  contentType?: string;
  error?: string;
}

/**
 * In the primary process: answers a worker's request for the whole cluster's
 * metrics with every worker's registry summed, and, when `options.listener`
 * is set, opens that listener and answers the sum there. Call once, before
 * forking; answers the metrics listener's URL.
 */
export async function serveClusterMetrics(options: {
  listener: MetricsListenerConfig | undefined;
  limits: HttpLimits;
  log: Logger;
}): Promise<string | undefined> {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== METRICS_REQUEST || typeof message.id !== 'string') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) =>
        worker.send({ type: METRICS_ANSWER, id, text, contentType: aggregator.contentType }),
      (error: Error) => worker.send({ type: METRICS_ANSWER, id, error: error.message }),
    );
  });
  if (!options.listener) return undefined;
  return metricsListener(options.listener, {
    service: 'gateway',
    limits: options.limits,
    source: async () => ({
      text: await aggregator.clusterMetrics(),
      contentType: aggregator.contentType,
    }),
    log: options.log,
  }).listen();
}

/** In a worker: hands this registry to the primary on request, and asks it for the sum. */
function answerForCluster(registry: Registry): MetricsSource {
  // prom-client answers the primary's requests from the registries set here; constructing
  // an AggregatorRegistry is what installs that listener. One gateway runs per worker.
  AggregatorRegistry.setRegistries([processRegistry(), registry]);
  new AggregatorRegistry();
  return () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const onMessage = (message: MetricsAnswer) => {
        if (message?.type !== METRICS_ANSWER || message.id !== id) return;
        done();
        if (message.text !== undefined)
          resolve({ text: message.text, contentType: message.contentType ?? registry.contentType });
        else reject(new Error(`the cluster's metrics could not be gathered: ${message.error}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('the primary process did not answer with the cluster metrics'));
      }, CLUSTER_METRICS_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        process.off('message', onMessage);
      };
      process.on('message', onMessage);
      process.send?.({ type: METRICS_REQUEST, id });
    });
}
