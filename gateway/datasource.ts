/**
 * The gateway's client for one subgraph. It replaces RemoteGraphQLDataSource's
 * transport so that every fetch carries the gateway's credential and the
 * request's identity, is bounded by the subgraph timeout and the request's
 * deadline, stops when the client goes away, goes through the subgraph's
 * retry and circuit-breaker policies, and fails with an error that names the
 * missing part without a URL, a status line or a body.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// The enum is not re-exported from the package root.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { Agent, request as undiciRequest } from 'undici';
import type { GatewayConfig } from '../lib/config';
import { GATEWAY_CREDENTIAL_HEADER, REQUEST_ID_HEADER, VIEWER_HEADER } from '../lib/identity';
import type { Logger } from '../lib/logger';
import type { GatewayContext } from './context';
import type { SubgraphFetchObserver } from './observability';
import {
  BrokenCircuitError,
  SubgraphGarbageError,
  SubgraphHttpError,
  type SubgraphPolicies,
} from './resilience';

/** Keep-alive connections shared by all subgraph clients; closed with the gateway. */
export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections: 128 });
}

export interface SubgraphClientOptions {
  name: string;
  url: string;
  agent: Agent;
  policies: SubgraphPolicies;
  config: Pick<GatewayConfig, 'gatewaySecret' | 'subgraphTimeoutMs'>;
  log: Logger;
  /** Metrics and trace spans of each fetch (gateway/observability.ts). */
  observer: SubgraphFetchObserver;
}

const MUTATION = /^\s*mutation\b/;

interface CacheHint {
  maxAge: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

/** What a subgraph's Cache-Control header allows, as Apollo's cache policy reads it. */
export function cacheHintOf(header: string | undefined): CacheHint {
  const maxAge = /(?:^|,)\s*max-age=(\d+)/.exec(header ?? '')?.[1];
  const hint: CacheHint = { maxAge: maxAge ? Number(maxAge) : 0 };
  if (/(?:^|,)\s*private\b/.test(header ?? '')) hint.scope = 'PRIVATE';
  if (/(?:^|,)\s*public\b/.test(header ?? '')) hint.scope = 'PUBLIC';
  return hint;
}

interface FetchedAnswer {
  response: GatewayGraphQLResponse;
  /** The body as received, for the requests that joined a shared fetch. */
  text: string;
  cacheControl: string | undefined;
}

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

export class HutongDataSource implements GraphQLDataSource<GatewayContext> {
  /** Query fetches on their way, by viewer and body. */
  private readonly inFlight = new Map<string, SharedFetch<FetchedAnswer>>();

  constructor(private readonly client: SubgraphClientOptions) {}

  async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION
        ? (options.context as GatewayContext)
        : undefined;
    const { http: _http, ...payload } = request;
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [GATEWAY_CREDENTIAL_HEADER]: this.client.config.gatewaySecret,
    };
    if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    if (context?.viewerId) headers[VIEWER_HEADER] = context.viewerId;

    // A mutation may have committed before its response was lost: never send it twice.
    const mutation = MUTATION.test(request.query ?? '');
    const policy = mutation ? this.client.policies.mutation : this.client.policies.query;
    this.client.policies.budget.earn();
    const execute = (signal: AbortSignal | undefined) =>
      policy.execute(() =>
        // Observability: each attempt in a span, with traceparent added and its time counted.
        this.client.observer.attempt({ context, headers, signal }, (sent) =>
          this.fetchOnce(body, sent, signal),
        ),
      );
    let response: GatewayGraphQLResponse;
    let cacheControl: string | undefined;
    try {
      if (mutation) {
        const fetched = await execute(context?.signal);
        response = fetched.response;
        cacheControl = fetched.cacheControl;
      } else {
        // The same query for the same viewer already on its way: wait for that one.
        const key = `${context?.viewerId ?? ''}\n${body}`;
        let shared = this.inFlight.get(key);
        const joined = shared !== undefined;
        if (!shared) {
          shared = new SharedFetch(execute);
          this.inFlight.set(key, shared);
          const forget = () => this.inFlight.delete(key);
          shared.result.then(forget, forget);
        } else {
          this.client.policies.collapsed++;
        }
        const fetched = await shared.join(context?.signal);
        // The gateway merges into the objects it is given: a request that joined gets its own copy.
        response = joined ? (JSON.parse(fetched.text) as GatewayGraphQLResponse) : fetched.response;
        cacheControl = fetched.cacheControl;
      }
    } catch (error) {
      throw this.missingPart(error, context);
    }
    // The response is only as cacheable as its least cacheable part.
    if (options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
      const cachePolicy = options.incomingRequestContext.overallCachePolicy;
      if (cachePolicy && 'restrict' in cachePolicy) cachePolicy.restrict(cacheHintOf(cacheControl));
    }
    return response;
  }

  private async fetchOnce(
    body: string,
    headers: Record<string, string>,
    requestSignal: AbortSignal | undefined,
  ): Promise<FetchedAnswer> {
    const timeout = AbortSignal.timeout(this.client.config.subgraphTimeoutMs);
    const signal = requestSignal ? AbortSignal.any([requestSignal, timeout]) : timeout;
    const response = await undiciRequest(this.client.url, {
      method: 'POST',
      headers,
      body,
      signal,
      dispatcher: this.client.agent,
    });
    const text = await response.body.text();
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

  /** The one error a client sees for a subgraph that failed: which part is missing, nothing more. */
  private missingPart(error: unknown, context: GatewayContext | undefined): GraphQLError {
    const { name, log } = this.client;
    if (error instanceof BrokenCircuitError) this.client.observer.circuitOpen(); // observability
    const reason =
      error instanceof BrokenCircuitError
        ? 'circuit open'
        : (error as Error)?.name === 'TimeoutError'
          ? 'timed out'
          : context?.signal?.aborted
            ? 'request ended (client gone or deadline passed)'
            : (error as Error)?.message;
    log.warn(
      { requestId: context?.requestId, subgraph: name, reason, err: error },
      'subgraph fetch failed',
    );
    return new GraphQLError(`The ${name} service did not answer; its fields are missing`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: name },
    });
  }
}
