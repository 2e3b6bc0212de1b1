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
import type {
  GatewayGraphQLRequest,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Agent, request as undiciRequest } from 'undici';
import type { GatewayConfig } from '../lib/config';
import { randomUUID } from 'node:crypto';
import { CREDENTIAL_HEADER, signCredential } from '../lib/credential';
import { ANONYMOUS, REQUEST_ID_HEADER } from '../lib/identity';
import type { Logger } from '../lib/logger';
import {
  entitySelection,
  invalidateAfterMutation,
  takeCacheTags,
  type CacheUse,
  type SubgraphCache,
} from './cache/subgraph-cache';
import type { CacheStore } from './cache/store';
import type { GatewayContext } from './context';
import type { SubgraphFetchObserver } from './observability';
import {
  BrokenCircuitError,
  isAnswerTooLarge,
  SubgraphAnswerTooLargeError,
  SubgraphGarbageError,
  SubgraphHttpError,
  type SubgraphPolicies,
} from './resilience';

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

export interface GatewayCaches {
  store: CacheStore;
  subgraph: SubgraphCache;
}

export interface SubgraphClientOptions {
  name: string;
  url: string;
  agent: Agent;
  policies: SubgraphPolicies;
  config: Pick<GatewayConfig, 'gatewaySecret' | 'subgraphTimeoutMs' | 'subgraphMaxResponseBytes'>;
  log: Logger;
  /** The entity and fetch caches; none means every query fetch goes to the subgraph. */
  cache?: GatewayCaches | undefined;
  /** Whether identical query fetches on their way at once are sent once. */
  collapseFetches: boolean;
  /** Metrics and trace spans of each fetch (gateway/observability.ts). */
  observer: SubgraphFetchObserver;
}

/** The representations of an `_entities` fetch; undefined for any other fetch. */
function entityRepresentations(payload: GatewayGraphQLRequest): readonly unknown[] | undefined {
  const representations = payload.variables?.representations;
  return Array.isArray(representations) && /\b_entities\s*\(/.test(payload.query ?? '')
    ? representations
    : undefined;
}

/** An error of a partial `_entities` fetch, pointed at the entity's place in the full list. */
function atFullListIndex(error: GraphQLFormattedError, missingAt: readonly number[]) {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error;
  const index = missingAt[path[1]];
  return index === undefined ? error : { ...error, path: ['_entities', index, ...path.slice(2)] };
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
    const incoming =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options : undefined;
    const context = incoming?.context;
    const { http: _http, ...payload } = request;
    // A mutation may have committed before its response was lost: never send it twice.
    const mutation = MUTATION.test(request.query ?? '');
    const cache = context ? this.client.cache : undefined;
    const viewerId = context?.viewerId ?? null;
    const usedCache = (use: CacheUse) => {
      incoming?.incomingRequestContext.overallCachePolicy.restrict(use);
      for (const tag of use.tags) context?.cacheTags.add(tag);
    };

    if (cache && !mutation) {
      const representations = entityRepresentations(payload);
      if (representations) {
        return this.fetchEntities(payload, representations, cache, context!, usedCache);
      }
    }
    const body = JSON.stringify(payload);
    if (cache && !mutation) {
      const hit = await cache.subgraph.getFetch(body, viewerId);
      if (hit) {
        usedCache(hit.use);
        return hit.response;
      }
    }
    const fetched = await this.fetch(body, mutation, context);
    const { response } = fetched;
    const tags = takeCacheTags(response);
    const hint = cacheHintOf(fetched.cacheControl);
    if (cache && mutation) {
      await invalidateAfterMutation(cache.store, tags, viewerId);
    } else if (cache) {
      const stored = await cache.subgraph.putFetch(body, viewerId, response, hint, tags);
      if (stored) for (const tag of stored.tags) context?.cacheTags.add(tag);
    }
    // The response is only as cacheable as its least cacheable part.
    incoming?.incomingRequestContext.overallCachePolicy.restrict(hint);
    return response;
  }

  /** An `_entities` fetch: cached entities are filled in, only the others are fetched. */
  private async fetchEntities(
    payload: GatewayGraphQLRequest,
    representations: readonly unknown[],
    cache: GatewayCaches,
    context: GatewayContext,
    usedCache: (use: CacheUse) => void,
  ): Promise<GatewayGraphQLResponse> {
    const selection = entitySelection(payload.query ?? '', payload.variables);
    const plan = await cache.subgraph.planEntities(selection, representations, context.viewerId);
    plan.uses.forEach(usedCache);
    if (plan.missing.length === 0) return { data: { _entities: plan.entities } };

    const body = JSON.stringify({
      ...payload,
      variables: { ...payload.variables, representations: plan.missing },
    });
    const fetched = await this.fetch(body, false, context);
    const { response } = fetched;
    const tags = takeCacheTags(response);
    const hint = cacheHintOf(fetched.cacheControl);
    usedCache({ maxAge: hint.maxAge, scope: hint.scope ?? 'PUBLIC', tags: [] });
    const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    const complete = Array.isArray(entities) && entities.length === plan.missing.length;
    if (complete) {
      entities.forEach((entity, index) => (plan.entities[plan.missingAt[index]!] = entity));
      if (!response.errors?.length) {
        const stored = await cache.subgraph.putEntities(
          selection,
          plan.missing,
          entities,
          context.viewerId,
          hint,
          tags,
        );
        if (stored) for (const tag of stored.tags) context.cacheTags.add(tag);
      }
    }
    // A nonsense answer is the gateway's to report, as it would without a cache.
    if (!complete && plan.missing.length === representations.length) return response;
    return {
      ...response,
      data: { ...response.data, _entities: plan.entities },
      errors: response.errors?.map((error) => atFullListIndex(error, plan.missingAt)),
    };
  }

  /** Sends a fetch through the subgraph's policies; identical queries on their way are shared. */
  private async fetch(
    body: string,
    mutation: boolean,
    context: GatewayContext | undefined,
  ): Promise<FetchedAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    // Each attempt gets a credential of its own: a subgraph accepts one once.
    const signed = (sent: Record<string, string>) => ({
      ...sent,
      [CREDENTIAL_HEADER]: signCredential(this.client.config.gatewaySecret, {
        audience: this.client.name,
        caller: context?.caller ?? ANONYMOUS,
        requestId: context?.requestId ?? randomUUID(),
        body,
      }),
    });
    const policy = mutation ? this.client.policies.mutation : this.client.policies.query;
    this.client.policies.budget.earn();
    const execute = (signal: AbortSignal | undefined) =>
      policy.execute(() =>
        // Observability: each attempt in a span, with traceparent added and its time counted.
        this.client.observer.attempt({ context, headers, signal }, (sent) =>
          this.fetchOnce(body, signed(sent), signal),
        ),
      );
    try {
      if (mutation || !this.client.collapseFetches) return await execute(context?.signal);
      // The same query for the same viewer and scopes already on its way: wait for that one.
      const caller = context?.caller ?? ANONYMOUS;
      const key = `${caller.userId ?? ''}\n${[...caller.scopes].join(' ')}\n${body}`;
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
      return joined
        ? { ...fetched, response: JSON.parse(fetched.text) as GatewayGraphQLResponse }
        : fetched;
    } catch (error) {
      throw this.missingPart(error, context);
    }
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
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      if (isAnswerTooLarge(error))
        throw new SubgraphAnswerTooLargeError(this.client.config.subgraphMaxResponseBytes);
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
