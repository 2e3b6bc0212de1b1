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

export class HutongDataSource implements GraphQLDataSource<GatewayContext> {
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
    const policy = MUTATION.test(request.query ?? '')
      ? this.client.policies.mutation
      : this.client.policies.query;
    this.client.policies.budget.earn();
    let fetched: { response: GatewayGraphQLResponse; cacheControl: string | undefined };
    try {
      fetched = await policy.execute(() => this.fetchOnce(body, headers, context?.signal));
    } catch (error) {
      throw this.missingPart(error, context);
    }
    // The response is only as cacheable as its least cacheable part.
    if (options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
      const policy = options.incomingRequestContext.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict(cacheHintOf(fetched.cacheControl));
    }
    return fetched.response;
  }

  private async fetchOnce(
    body: string,
    headers: Record<string, string>,
    requestSignal: AbortSignal | undefined,
  ): Promise<{ response: GatewayGraphQLResponse; cacheControl: string | undefined }> {
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
      cacheControl: typeof cacheControl === 'string' ? cacheControl : undefined,
    };
  }

  /** The one error a client sees for a subgraph that failed: which part is missing, nothing more. */
  private missingPart(error: unknown, context: GatewayContext | undefined): GraphQLError {
    const { name, log } = this.client;
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
