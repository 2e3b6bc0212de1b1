/**
 * How the gateway treats a subgraph that fails: a query fetch is retried on a
 * refused or reset connection and on 502/503/504, with decorrelated jitter and
 * within a retry budget; a mutation fetch is never retried (it may have
 * committed). Each subgraph has a circuit breaker that opens after consecutive
 * failures, fails fast while open, and lets one trial through after a pause.
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
import type { GatewayConfig } from '../lib/config';

/** A subgraph answered with an HTTP status that is not a GraphQL response. */
export class SubgraphHttpError extends Error {
  constructor(readonly status: number) {
    super(`subgraph answered HTTP ${status}`);
    this.name = 'SubgraphHttpError';
  }
}

/** A subgraph answered 200 with something that is not a GraphQL JSON body. */
export class SubgraphGarbageError extends Error {
  constructor(readonly detail: string) {
    super(`subgraph answered a body that is not GraphQL JSON: ${detail}`);
    this.name = 'SubgraphGarbageError';
  }
}

/**
 * A subgraph's answer ran past what the gateway reads of one
 * (HUTONG_SUBGRAPH_MAX_RESPONSE_BYTES): the connection was cut there, and the
 * fetch fails without a retry; it says nothing of the subgraph's health.
 */
export class SubgraphAnswerTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`subgraph answer longer than ${maxBytes} bytes; not read further`);
    this.name = 'SubgraphAnswerTooLargeError';
  }
}

/** undici's error when a response body passes its dispatcher's `maxResponseSize`. */
export function isAnswerTooLarge(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

export function isConnectionError(error: unknown): boolean {
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
  /** Fetches that joined an identical one already on its way instead of being sent. */
  collapsed: number;
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
    collapsed: 0,
  };
}

export { BrokenCircuitError, CircuitState };
