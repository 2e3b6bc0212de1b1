/** The resilience layer alone: retries, the retry budget and the circuit breaker, over a failing `next`. */
import { createSubgraphPolicies, withPolicies } from '../../gateway/subgraph-client/policies';
import { SubgraphHttpError } from '../../gateway/subgraph-client/transport';
import type { FetchedAnswer } from '../../gateway/subgraph-client/fetch';
import { testGatewayConfig } from '../support/harness';
import { answer, subgraphFetch } from '../support/subgraph-fetch';

function policies(overrides: { attempts?: number; consecutiveFailures?: number } = {}) {
  const config = testGatewayConfig();
  return createSubgraphPolicies({
    retry: { ...config.retry, attempts: overrides.attempts ?? 3, budgetPercent: 100 },
    breaker: {
      ...config.breaker,
      consecutiveFailures: overrides.consecutiveFailures ?? 100,
    },
  });
}

/** A `next` failing with HTTP `status` `failures` times, then answering. */
function failingNext(failures: number, status = 503) {
  let calls = 0;
  return {
    calls: () => calls,
    next: async (): Promise<FetchedAnswer> => {
      calls++;
      if (calls <= failures) throw new SubgraphHttpError(status);
      return answer({ data: { ok: true } });
    },
  };
}

describe('the resilience layer', () => {
  it('retries a query fetch the subgraph answered 503', async () => {
    const { next, calls } = failingNext(2);
    const fetched = await withPolicies(policies())(subgraphFetch(), next);
    expect(fetched.response.data).toEqual({ ok: true });
    expect(calls()).toBe(3);
  });

  it('never retries a mutation: it may have committed', async () => {
    const { next, calls } = failingNext(1);
    const mutation = subgraphFetch({ kind: 'mutation', request: { query: 'mutation { a }' } });
    await expect(withPolicies(policies())(mutation, next)).rejects.toThrow(SubgraphHttpError);
    expect(calls()).toBe(1);
  });

  it('does not retry what a retry would not mend (HTTP 400)', async () => {
    const { next, calls } = failingNext(1, 400);
    await expect(withPolicies(policies())(subgraphFetch(), next)).rejects.toThrow(
      SubgraphHttpError,
    );
    expect(calls()).toBe(1);
  });

  it('opens the circuit after consecutive failures and then fails without calling next', async () => {
    const layer = withPolicies(policies({ attempts: 0, consecutiveFailures: 2 }));
    const { next, calls } = failingNext(10);
    for (let i = 0; i < 2; i++) await layer(subgraphFetch(), next).catch(() => undefined);
    await expect(layer(subgraphFetch(), next)).rejects.toThrow(/circuit/i);
    expect(calls()).toBe(2);
  });
});
