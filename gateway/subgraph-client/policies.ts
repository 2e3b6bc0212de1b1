/**
 * How the gateway treats a subgraph that fails: a query fetch is retried on a
 * refused or reset connection and on 502/503/504, with decorrelated jitter and
 * within a retry budget; a mutation fetch is never retried (it may have
 * committed). Each subgraph has a circuit breaker that opens after consecutive
 * failures, fails fast while open, and lets one trial through after a pause.
 * Below the collapse layer: a fetch several requests share is retried once for
 * all of them, and earns the budget once.
 */
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { GatewayConfig } from '../config';
import type { FetchFailureReason } from '../metrics';
import type { SubgraphLayer } from './fetch';
import { SubgraphAnswerTooLargeError, SubgraphGarbageError, SubgraphHttpError } from './transport';

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code !== undefined && CONNECTION_ERRORS.has(code);
}

function isRetryable(error: Error): boolean {
  return (
    isConnectionError(error) ||
    (error instanceof SubgraphHttpError && [502, 503, 504].includes(error.status))
  );
}

/** Whether a failure says something about the subgraph's health (a client abort does not). */
function isSubgraphFailure(error: Error): boolean {
  return (
    isRetryable(error) ||
    error instanceof SubgraphGarbageError ||
    (error instanceof SubgraphHttpError && error.status >= 500) ||
    error.name === 'TimeoutError'
  );
}

/**
 * Retries may add at most `percent`% to the load on a subgraph: each request
 * earns a fraction of a retry, each retry spends one. Retrying everything
 * during an outage would multiply the load on a subgraph that is already down.
 */
export class RetryBudget {
  private balance: number;
  constructor(
    private readonly percent: number,
    private readonly ceiling = 10,
  ) {
    this.balance = ceiling;
  }
  earn(): void {
    this.balance = Math.min(this.ceiling, this.balance + this.percent / 100);
  }
  spend(): boolean {
    if (this.balance < 1) return false;
    this.balance -= 1;
    return true;
  }
}

export interface SubgraphPolicies {
  query: IPolicy;
  mutation: IPolicy;
  budget: RetryBudget;
  state: () => CircuitState;
}

export function createSubgraphPolicies(
  config: Pick<GatewayConfig, 'retry' | 'breaker'>,
): SubgraphPolicies {
  const budget = new RetryBudget(config.retry.budgetPercent);
  const breaker = circuitBreaker(handleWhen(isSubgraphFailure), {
    halfOpenAfter: config.breaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(config.breaker.consecutiveFailures),
  });
  const retries = retry(
    handleWhen((error) => isRetryable(error) && budget.spend()),
    {
      maxAttempts: config.retry.attempts,
      backoff: new ExponentialBackoff({ initialDelay: 25, maxDelay: 400 }),
    },
  );
  return {
    query: wrap(retries, breaker),
    mutation: breaker,
    budget,
    state: () => breaker.state,
  };
}

/** The policies as a layer: a mutation goes through the breaker only, a query may be retried. */
export function withPolicies(policies: SubgraphPolicies): SubgraphLayer {
  return (fetch, next) => {
    policies.budget.earn();
    const policy = fetch.kind === 'mutation' ? policies.mutation : policies.query;
    return policy.execute(() => next(fetch));
  };
}

/**
 * Why one fetch failed, for the `reason` label. `aborted`: the request the
 * fetch served ended first (its client left or its deadline passed), which
 * says nothing about the subgraph.
 */
export function fetchFailureReason(error: unknown, requestEnded: boolean): FetchFailureReason {
  if (error instanceof BrokenCircuitError) return 'circuit_open';
  if (requestEnded) return 'aborted';
  if ((error as Error | null)?.name === 'TimeoutError') return 'timeout';
  if (isConnectionError(error)) return 'unavailable';
  if (error instanceof SubgraphHttpError) return error.status >= 500 ? 'http_5xx' : 'http_4xx';
  if (error instanceof SubgraphGarbageError) return 'garbage';
  if (error instanceof SubgraphAnswerTooLargeError) return 'too_large';
  return 'other';
}

export { BrokenCircuitError, CircuitState };
