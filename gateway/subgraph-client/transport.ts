/**
 * The bottom of the client: one HTTP attempt at a subgraph over undici, with a
 * credential of its own, bounded by the subgraph timeout and the fetch's
 * signal, and read no further than the response size cap. Whatever is not a
 * GraphQL answer fails here with an error the policies above can classify.
 */
import { Agent, request as undiciRequest } from 'undici';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayConfig } from '../config';
import { CREDENTIAL_HEADER, signCredential } from '../../lib/credential';
import type { FetchedAnswer, SubgraphFetch } from './fetch';

/**
 * Keep-alive connections shared by all subgraph clients; closed with the
 * gateway. An answer is cut, its connection closed, as soon as its body
 * passes `maxResponseBytes`: a huge answer never sits whole in memory.
 */
export function createSubgraphAgent(maxResponseBytes: number): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    connections: 128,
    maxResponseSize: maxResponseBytes,
  });
}

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
function isAnswerTooLarge(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
}

export interface TransportOptions {
  url: string;
  agent: Agent;
  config: Pick<GatewayConfig, 'gatewaySecret' | 'subgraphTimeoutMs' | 'subgraphMaxResponseBytes'>;
}

/**
 * A signal that aborts when `outer` does, with its reason, or when `timeoutMs`
 * has passed, with the TimeoutError `AbortSignal.timeout` gives: what
 * `AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)])` makes, from one
 * controller and one timer that `release` clears. `AbortSignal.any` keeps weak
 * references to the signals it follows, which cost every fetch more than its
 * credential and leave the collector more to sweep.
 */
export function fetchDeadline(
  outer: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const followOuter = () => controller.abort(outer!.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', followOuter, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      ),
    timeoutMs,
  );
  // As AbortSignal.timeout's: a fetch on its way does not keep a stopping process alive.
  timer.unref();
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', followOuter);
    },
  };
}

export class SubgraphTransport {
  constructor(private readonly options: TransportOptions) {}

  /** One attempt: the last layer, so it has no `next`. */
  readonly send = async (fetch: SubgraphFetch): Promise<FetchedAnswer> => {
    const deadline = fetchDeadline(fetch.signal, this.options.config.subgraphTimeoutMs);
    try {
      return await this.attempt(fetch, deadline.signal);
    } finally {
      deadline.release();
    }
  };

  private async attempt(fetch: SubgraphFetch, signal: AbortSignal): Promise<FetchedAnswer> {
    const { url, agent, config } = this.options;
    const body = fetch.body;
    const response = await undiciRequest(url, {
      method: 'POST',
      // Each attempt gets a credential of its own: a subgraph accepts one once.
      headers: {
        ...fetch.headers,
        [CREDENTIAL_HEADER]: signCredential(config.gatewaySecret, {
          audience: fetch.subgraph,
          caller: fetch.caller,
          scope: fetch.scope,
          requestId: fetch.requestId,
          body,
        }),
      },
      body,
      signal,
      dispatcher: agent,
    });
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      if (isAnswerTooLarge(error))
        throw new SubgraphAnswerTooLargeError(config.subgraphMaxResponseBytes);
      throw error;
    }
    if (response.statusCode >= 500) throw new SubgraphHttpError(response.statusCode);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SubgraphGarbageError(
        `HTTP ${response.statusCode}, ${text.length} bytes of non-JSON`,
      );
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      (!('data' in parsed) && !('errors' in parsed))
    ) {
      throw new SubgraphGarbageError(`HTTP ${response.statusCode}, JSON without data or errors`);
    }
    if (response.statusCode >= 400 && !('errors' in parsed)) {
      throw new SubgraphHttpError(response.statusCode);
    }
    const cacheControl = response.headers['cache-control'];
    return {
      response: parsed as GatewayGraphQLResponse,
      text,
      cacheControl: typeof cacheControl === 'string' ? cacheControl : undefined,
    };
  }
}
