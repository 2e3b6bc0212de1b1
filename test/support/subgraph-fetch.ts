/** Fetch values and answers for the subgraph client's layer tests, without a gateway. */
import type { CacheHint } from '@apollo/cache-control-types';
import type {
  GatewayGraphQLRequestContext,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { ANONYMOUS, type Caller } from '../../lib/identity';
import type { GatewayContext } from '../../gateway/context';
import {
  SubgraphFetch,
  type FetchedAnswer,
  type SubgraphFetchFields,
} from '../../gateway/subgraph-client/fetch';

export const ENTITIES_QUERY =
  'query($representations:[_Any!]!){_entities(representations:$representations){...on Store{name}}}';

/** A gateway request as Apollo hands it to the data source: what the caching layer reads and writes. */
export interface FakeIncoming {
  context: GatewayContext;
  /** Every hint the request's cache policy was restricted with. */
  restricted: CacheHint[];
  requestContext: GatewayGraphQLRequestContext<GatewayContext>;
}

export function fakeIncoming(caller: Caller = ANONYMOUS, signal?: AbortSignal): FakeIncoming {
  const context: GatewayContext = {
    requestId: 'request-1',
    caller,
    viewerId: caller.userId,
    signal: signal ?? new AbortController().signal,
    cacheTags: new Set(),
  };
  const restricted: CacheHint[] = [];
  const requestContext = {
    context,
    overallCachePolicy: { restrict: (hint: CacheHint) => restricted.push(hint) },
  } as unknown as GatewayGraphQLRequestContext<GatewayContext>;
  return { context, restricted, requestContext };
}

export function subgraphFetch(
  fields: Omit<Partial<SubgraphFetchFields>, 'incoming'> & { incoming?: FakeIncoming } = {},
): SubgraphFetch {
  const { incoming, ...rest } = fields;
  const caller = incoming?.context.caller ?? fields.caller ?? ANONYMOUS;
  return new SubgraphFetch({
    subgraph: 'maps',
    kind: 'query',
    request: { query: '{ nearbyStores { id } }', variables: {} },
    representations: undefined,
    caller,
    scope: [...caller.scopes].join(' '),
    requestId: incoming?.context.requestId ?? 'request-1',
    signal: incoming?.context.signal,
    headers: { 'content-type': 'application/json' },
    ...rest,
    incoming: incoming?.requestContext,
  });
}

/** An `_entities` fetch of `representations`. */
export function entitiesFetch(representations: unknown[], incoming: FakeIncoming): SubgraphFetch {
  return subgraphFetch({
    kind: 'entities',
    request: { query: ENTITIES_QUERY, variables: { representations } },
    representations,
    incoming,
  });
}

export function answer(
  response: GatewayGraphQLResponse,
  cacheControl: string | undefined = undefined,
): FetchedAnswer {
  return { response, text: JSON.stringify(response), cacheControl };
}

export const storeRef = (id: string) => ({ __typename: 'Store', id });
