/**
 * Identical query fetches on their way at once are sent once: a fetch for the
 * same viewer, scopes and body as one already in flight waits for that one's
 * answer instead of going to the subgraph. Mutations are never shared.
 */
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { FetchedAnswer, FetchNext, SubgraphFetch } from './fetch';

/**
 * One subgraph fetch awaited by several requests. It is cancelled only when
 * every request waiting on it has gone, so a client that leaves still frees
 * the subgraph when it was the last one waiting.
 */
export class SharedFetch<T> {
  readonly result: Promise<T>;
  private readonly controller = new AbortController();
  private waiting = 0;

  constructor(start: (signal: AbortSignal) => Promise<T>) {
    this.result = start(this.controller.signal);
  }

  join(signal: AbortSignal | undefined): Promise<T> {
    this.waiting++;
    if (!signal) return this.result;
    if (signal.aborted) {
      this.leave();
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.leave();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.result.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private leave(): void {
    this.waiting--;
    if (this.waiting === 0)
      this.controller.abort(new Error('every request waiting for this fetch has gone'));
  }
}

export class FetchCollapsing {
  /** Query fetches on their way, by viewer, scopes and body. */
  private readonly inFlight = new Map<string, SharedFetch<FetchedAnswer>>();

  /** `onCollapsed` hears of each fetch that joined another instead of being sent. */
  constructor(private readonly onCollapsed: () => void) {}

  readonly run = async (fetch: SubgraphFetch, next: FetchNext): Promise<FetchedAnswer> => {
    // A mutation may have committed before its response was lost: never send it twice.
    if (fetch.kind === 'mutation') return next(fetch);
    const key = `${fetch.caller.userId ?? ''}\n${fetch.scope}\n${fetch.body}`;
    let shared = this.inFlight.get(key);
    const joined = shared !== undefined;
    if (!shared) {
      // The shared fetch runs on a signal of its own, aborted when its last waiter leaves.
      shared = new SharedFetch((signal) => next(fetch.with({ signal })));
      this.inFlight.set(key, shared);
      const forget = () => this.inFlight.delete(key);
      shared.result.then(forget, forget);
    } else {
      this.onCollapsed();
    }
    const fetched = await shared.join(fetch.signal);
    // The gateway merges into the objects it is given: a request that joined gets its own copy.
    return joined
      ? { ...fetched, response: JSON.parse(fetched.text) as GatewayGraphQLResponse }
      : fetched;
  };
}
