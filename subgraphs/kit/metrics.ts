/**
 * What a subgraph counts, in its own registry (lib/metrics.ts): its requests by
 * operation and outcome, and the time of its SQL statements and transactions.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import {
  createMetricsRegistry,
  OperationLabels,
  REQUEST_SECONDS_BUCKETS,
  type RequestOutcome,
} from '../../lib/metrics';
import type { Database, SqlClient } from './database';

const STATEMENT_SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5,
];

/** What a subgraph counts: its requests by operation and outcome, and its SQL. */
export class SubgraphMetrics {
  readonly registry: Registry;
  private readonly operations: OperationLabels;
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'outcome'>;
  private readonly statementSeconds: Histogram<'statement' | 'outcome'>;
  private readonly transactionSeconds: Histogram<'outcome'>;

  constructor(subgraph: string) {
    this.registry = createMetricsRegistry({ subgraph });
    const registers = [this.registry];
    // The gateway names each fetch after the client's operation; anything may call with a
    // name, so they are capped like the gateway's own.
    this.operations = new OperationLabels([], 100);
    this.requests = new Counter({
      name: 'hutong_subgraph_requests_total',
      help: 'GraphQL requests served, by operation name and outcome (ok, errors, refused)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'hutong_subgraph_request_duration_seconds',
      help: 'Time from a GraphQL request arriving to its answer being sent',
      labelNames: ['operation', 'outcome'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    });
    this.statementSeconds = new Histogram({
      name: 'hutong_subgraph_db_statement_duration_seconds',
      help: 'Database statements (query: one parameterised statement; exec: a script), by outcome',
      labelNames: ['statement', 'outcome'],
      buckets: STATEMENT_SECONDS_BUCKETS,
      registers,
    });
    this.transactionSeconds = new Histogram({
      name: 'hutong_subgraph_db_transaction_duration_seconds',
      help: 'Database transactions from BEGIN to COMMIT or ROLLBACK',
      labelNames: ['outcome'],
      buckets: STATEMENT_SECONDS_BUCKETS,
      registers,
    });
  }

  recordRequest(
    operationName: string | null | undefined,
    outcome: RequestOutcome,
    seconds: number,
  ) {
    const labels = { operation: this.operations.label(operationName), outcome };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  /**
   * The database as the subgraph's resolvers should see it: the same, with
   * every statement and transaction timed. A Proxy rather than a class that
   * re-implements the interface, so whatever else Database offers (now or
   * later) passes through untouched.
   */
  observeDatabase(db: Database): Database {
    const timed = <T>(statement: 'query' | 'exec', run: () => Promise<T>) =>
      this.time(run, (seconds, failed) =>
        this.statementSeconds.observe({ statement, outcome: failed ? 'error' : 'ok' }, seconds),
      );
    const observeClient = (client: SqlClient): SqlClient => ({
      query: <Row>(text: string, params?: readonly unknown[]) =>
        timed('query', () => client.query<Row>(text, params)),
      exec: (sql) => timed('exec', () => client.exec(sql)),
    });
    const observed = observeClient(db);
    const transaction: Database['transaction'] = (work) =>
      this.time(
        () => db.transaction((tx) => work(observeClient(tx))),
        (seconds, failed) =>
          this.transactionSeconds.observe({ outcome: failed ? 'rollback' : 'commit' }, seconds),
      );
    return new Proxy(db, {
      get(target, property) {
        if (property === 'query') return observed.query;
        if (property === 'exec') return observed.exec;
        if (property === 'transaction') return transaction;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private async time<T>(
    run: () => Promise<T>,
    record: (seconds: number, failed: boolean) => void,
  ): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      record((performance.now() - started) / 1000, false);
      return result;
    } catch (error) {
      record((performance.now() - started) / 1000, true);
      throw error;
    }
  }
}
