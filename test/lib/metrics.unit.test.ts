/**
 * The metrics' own rules: bounded operation labels, request outcomes, fetch
 * failure reasons, circuit states, cache lookups, per-instance registries and
 * the timing of database statements.
 */
import type { Database } from '../../subgraphs/kit/database';
import { openEmptyPglite } from '../support/database-templates';
import { OperationLabels, outcomeOf } from '../../lib/metrics';
import { SubgraphMetrics } from '../../subgraphs/kit/metrics';
import { GatewayMetrics } from '../../gateway/metrics';
import {
  BrokenCircuitError,
  createSubgraphPolicies,
  fetchFailureReason,
} from '../../gateway/subgraph-client/policies';
import { SubgraphGarbageError, SubgraphHttpError } from '../../gateway/subgraph-client/transport';
import { testGatewayConfig } from '../support/harness';
import { parsePrometheus, valueOf } from '../support/prometheus';

function gatewayMetrics(operationNames: string[] = ['MiniProgramHome']) {
  const policies = new Map([['food', createSubgraphPolicies(testGatewayConfig())]]);
  return { policies, metrics: new GatewayMetrics({ policies, operationNames }) };
}

describe('operation labels', () => {
  it('keeps manifest names, adds validated names up to the cap, and calls the rest "other"', () => {
    const labels = new OperationLabels(['MiniProgramHome'], 2);
    expect(labels.label('MiniProgramHome')).toBe('MiniProgramHome');
    expect(labels.label('First')).toBe('First');
    expect(labels.label('Second')).toBe('Second');
    expect(labels.label('Third')).toBe('other');
    expect(labels.label('First')).toBe('First');
    expect(labels.label('MiniProgramHome')).toBe('MiniProgramHome');
  });

  it('labels an anonymous operation "anonymous" and an unresolved one "other"', () => {
    const labels = new OperationLabels([], 10);
    expect(labels.label(null)).toBe('anonymous');
    expect(labels.label(undefined)).toBe('other');
  });

  it('never lets a name that is not a GraphQL name become a label', () => {
    const labels = new OperationLabels([], 10);
    expect(labels.label('x"} 1\nevil_metric{a="')).toBe('other');
    expect(labels.label('a'.repeat(101))).toBe('other');
  });
});

describe('request outcomes', () => {
  const answered = { answered: true, status: 200, graphqlErrors: false, executed: true };

  it.each([
    ['ok', answered],
    ['errors', { ...answered, graphqlErrors: true }],
    ['refused', { ...answered, graphqlErrors: true, executed: false }],
    ['refused', { ...answered, status: 400, graphqlErrors: true, executed: false }],
    ['refused', { ...answered, status: 429 }],
    ['errors', { ...answered, status: 500 }],
    ['errors', { ...answered, answered: false }],
  ] as const)('is %s for %j', (outcome, facts) => {
    expect(outcomeOf(facts)).toBe(outcome);
  });
});

describe('subgraph fetch failure reasons', () => {
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  it.each([
    ['timeout', timeout, false],
    ['aborted', timeout, true],
    [
      'unavailable',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      false,
    ],
    ['circuit_open', new BrokenCircuitError(), false],
    ['http_5xx', new SubgraphHttpError(503), false],
    ['http_4xx', new SubgraphHttpError(404), false],
    ['garbage', new SubgraphGarbageError('HTTP 200, 10 bytes of non-JSON'), false],
    ['other', new Error('something else'), false],
  ] as const)('is %s', (reason, error, requestEnded) => {
    expect(fetchFailureReason(error, requestEnded)).toBe(reason);
  });
});

describe('gateway metrics', () => {
  it('counts cache lookups by cache and outcome, every series present from the start', async () => {
    const { metrics } = gatewayMetrics();
    const before = await metrics.registry.metrics();
    for (const cache of ['entity', 'fetch', 'response', 'apq'])
      for (const outcome of ['hit', 'miss'])
        expect(valueOf(before, 'hutong_gateway_cache_lookups_total', { cache, outcome })).toBe(0);
    metrics.recordCacheLookup('entity', true);
    metrics.recordCacheLookup('entity', true);
    metrics.recordCacheLookup('entity', false);
    metrics.recordCacheLookup('apq', false);
    const after = await metrics.registry.metrics();
    const lookups = (cache: string, outcome: string) =>
      valueOf(after, 'hutong_gateway_cache_lookups_total', { cache, outcome });
    expect(lookups('entity', 'hit')).toBe(2);
    expect(lookups('entity', 'miss')).toBe(1);
    expect(lookups('apq', 'miss')).toBe(1);
    expect(lookups('fetch', 'hit')).toBe(0);
  });

  it('shows each circuit in exactly one state', async () => {
    const { metrics } = gatewayMetrics();
    const text = await metrics.registry.metrics();
    const states = parsePrometheus(text).filter(
      (sample) =>
        sample.name === 'hutong_gateway_circuit_state' && sample.labels.subgraph === 'food',
    );
    expect(Object.fromEntries(states.map((s) => [s.labels.state, s.value]))).toEqual({
      closed: 1,
      open: 0,
      half_open: 0,
      isolated: 0,
    });
  });

  it('counts each instance on its own, next to the default process metrics', async () => {
    const first = gatewayMetrics().metrics;
    const second = gatewayMetrics().metrics;
    first.recordRequest('MiniProgramHome', 'ok', 0.1);
    first.recordFetch('food', 0.05, 'garbage');
    const firstText = (await first.source()).text;
    const secondText = (await second.source()).text;
    const home = { operation: 'MiniProgramHome', outcome: 'ok' };
    expect(valueOf(firstText, 'hutong_gateway_requests_total', home)).toBe(1);
    expect(valueOf(firstText, 'hutong_gateway_request_duration_seconds_count', home)).toBe(1);
    expect(
      valueOf(firstText, 'hutong_gateway_subgraph_fetch_errors_total', {
        subgraph: 'food',
        reason: 'garbage',
      }),
    ).toBe(1);
    expect(valueOf(secondText, 'hutong_gateway_requests_total')).toBe(0);
    expect(secondText).toContain('process_cpu_user_seconds_total');
    expect(secondText).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('subgraph database metrics', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openEmptyPglite('metrics');
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY)');
  });
  afterAll(() => db.close());

  it('times statements and transactions, and leaves the database otherwise as it is', async () => {
    const metrics = new SubgraphMetrics('maps');
    const observed = metrics.observeDatabase(db);
    const roundTrips = db.roundTrips;
    await observed.query('INSERT INTO notes VALUES ($1)', [1]);
    await expect(observed.query('SELECT * FROM missing')).rejects.toThrow();
    await observed.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES ($1)', [2]);
      await tx.exec('SELECT 1');
    });
    await expect(
      observed.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES ($1)', [3]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(observed.kind).toBe('pglite');
    expect(observed.roundTrips).toBe(db.roundTrips);
    expect(db.roundTrips).toBeGreaterThan(roundTrips);
    expect(await observed.query('SELECT id FROM notes ORDER BY id')).toEqual([
      { id: 1 },
      { id: 2 },
    ]);

    const text = await metrics.registry.metrics();
    const statements = (statement: string, outcome: string) =>
      valueOf(text, 'hutong_subgraph_db_statement_duration_seconds_count', {
        statement,
        outcome,
        subgraph: 'maps',
      });
    expect(statements('query', 'ok')).toBe(4);
    expect(statements('query', 'error')).toBe(1);
    expect(statements('exec', 'ok')).toBe(1);
    const transactions = (outcome: string) =>
      valueOf(text, 'hutong_subgraph_db_transaction_duration_seconds_count', { outcome });
    expect(transactions('commit')).toBe(1);
    expect(transactions('rollback')).toBe(1);
  });
});
