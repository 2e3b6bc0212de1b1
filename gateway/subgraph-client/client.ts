/**
 * The gateway's client for one subgraph, the data source Apollo's query plan
 * calls for each fetch. It makes one `SubgraphFetch` of what Apollo hands it,
 * then runs it down one stack of layers, each in a file of its own:
 *
 *   caching → collapse → policies → observe → transport
 *
 * caching answers from the entity and fetch caches and sets the request's
 * cache policy (caching.ts); collapse sends identical query fetches on their
 * way at once only once (collapse.ts); policies retry, break the circuit and
 * keep the retry budget (policies.ts); observe puts each attempt in a span and
 * the metrics (observe.ts); transport sends it with its credential, bounded by
 * the subgraph timeout, the request's deadline and the response size cap
 * (transport.ts). A failure below the caches becomes the one error a client
 * sees: which subgraph is missing, without a URL, a status line or a body.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
// The enum is not re-exported from the package root.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, parse } from 'graphql';
import type { Agent } from 'undici';
import type { GatewayConfig } from '../config';
import { ErrorCode } from '../../lib/errors';
import { ANONYMOUS, REQUEST_ID_HEADER } from '../../lib/identity';
import type { Logger } from '../../lib/logger';
import type { GatewayContext } from '../context';
import { SubgraphCaching, type CacheInvalidation, type SubgraphCache } from './caching';
import { FetchCollapsing } from './collapse';
import { fetchKindOf, SubgraphFetch, type FetchNext, type SubgraphLayer } from './fetch';
import type { FetchObservation } from './observe';
import { BrokenCircuitError, withPolicies, type SubgraphPolicies } from './policies';
import { SubgraphTransport } from './transport';

export interface SubgraphClientOptions {
  name: string;
  url: string;
  agent: Agent;
  policies: SubgraphPolicies;
  config: Pick<GatewayConfig, 'gatewaySecret' | 'subgraphTimeoutMs' | 'subgraphMaxResponseBytes'>;
  log: Logger;
  /** The entity and fetch caches; none means every query fetch goes to the subgraph. */
  cache?: SubgraphCache | undefined;
  /** What a mutation drops from the caches, whichever are on. */
  invalidation: CacheInvalidation;
  /** Whether identical query fetches on their way at once are sent once. */
  collapseFetches: boolean;
  /** Spans and metrics of each attempt (gateway/observability.ts makes it). */
  observation: FetchObservation;
}

/** The error of a subgraph that did not answer, named with Apollo's key for a subgraph's errors. */
export function subgraphUnavailable(serviceName: string): GraphQLError {
  return new GraphQLError(`The ${serviceName} service did not answer; its fields are missing`, {
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName },
  });
}

/** `layers` in order, each calling the next, the last calling `last`. */
function stack(layers: readonly SubgraphLayer[], last: FetchNext): FetchNext {
  return layers.reduceRight<FetchNext>((next, layer) => (fetch) => layer(fetch, next), last);
}

export class SubgraphClient implements GraphQLDataSource<GatewayContext> {
  private readonly caching: SubgraphCaching;
  /** Everything below the caches: collapse → policies → observe → transport. */
  private readonly send: FetchNext;

  constructor(private readonly options: SubgraphClientOptions) {
    const { observation } = options;
    this.caching = new SubgraphCaching(options.cache, options.invalidation);
    const collapse = new FetchCollapsing(() => observation.collapsed());
    this.send = stack(
      [
        ...(options.collapseFetches ? [collapse.run] : []),
        withPolicies(options.policies),
        observation.run,
      ],
      new SubgraphTransport(options).send,
    );
  }

  process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    return this.caching.run(this.fetchOf(options), this.sendNamingFailures);
  }

  private fetchOf(options: GraphQLDataSourceProcessOptions<GatewayContext>): SubgraphFetch {
    const { http: _http, ...request } = options.request;
    const fromRequest = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION;
    const incoming = fromRequest ? options.incomingRequestContext : undefined;
    // The planner's own document when exposeDocumentNodeInFetchNode is on (gateway/server.ts).
    const document = (fromRequest ? options.document : undefined) ?? parse(request.query ?? '');
    const kind = fetchKindOf(document);
    const representations = request.variables?.representations;
    const context = incoming?.context;
    const caller = context?.caller ?? ANONYMOUS;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context) headers[REQUEST_ID_HEADER] = context.requestId;
    return new SubgraphFetch({
      subgraph: this.options.name,
      kind,
      request,
      representations:
        kind === 'entities' && Array.isArray(representations) ? representations : undefined,
      caller,
      scope: [...caller.scopes].join(' '),
      requestId: context?.requestId ?? randomUUID(),
      signal: context?.signal,
      headers,
      incoming,
    });
  }

  private readonly sendNamingFailures: FetchNext = async (fetch) => {
    try {
      return await this.send(fetch);
    } catch (error) {
      throw this.unavailable(error, fetch);
    }
  };

  /** The one error a client sees for a subgraph that failed: which part is missing, nothing more. */
  private unavailable(error: unknown, fetch: SubgraphFetch): GraphQLError {
    const { name, log, observation } = this.options;
    if (error instanceof BrokenCircuitError) observation.circuitOpen();
    const reason =
      error instanceof BrokenCircuitError
        ? 'circuit open'
        : (error as Error)?.name === 'TimeoutError'
          ? 'timed out'
          : fetch.signal?.aborted
            ? 'request ended (client gone or deadline passed)'
            : (error as Error)?.message;
    log.warn(
      { requestId: fetch.incoming?.context.requestId, subgraph: name, reason, err: error },
      'subgraph fetch failed',
    );
    return subgraphUnavailable(name);
  }
}
