/**
 * The client as Apollo calls it, against a local HTTP server: the fetch's
 * kind comes from the planner's document, the caller from the incoming
 * request context, and a subgraph that fails is named in `serviceName`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { parse } from 'graphql';
import { CREDENTIAL_HEADER, verifyCredential } from '../../lib/credential';
import { GraphQLRequestObserver } from '../../lib/observability';
import type { GatewayContext } from '../../gateway/context';
import { GatewayMetrics } from '../../gateway/metrics';
import { MemoryCacheStore } from '../../gateway/cache/store';
import {
  CacheInvalidation,
  mutationCommitWindowMs,
  SubgraphCache,
} from '../../gateway/subgraph-client/caching';
import { SubgraphClient } from '../../gateway/subgraph-client/client';
import { FetchObservation } from '../../gateway/subgraph-client/observe';
import { createSubgraphPolicies } from '../../gateway/subgraph-client/policies';
import { createSubgraphAgent } from '../../gateway/subgraph-client/transport';
import { silentLog, testGatewayConfig } from '../support/harness';
import { ENTITIES_QUERY, fakeIncoming, storeRef } from '../support/subgraph-fetch';

const LIN = { userId: 'u-lin', appId: 'app', scopes: new Set<never>() };

describe('the subgraph client', () => {
  let server: http.Server;
  let url: string;
  let status = 200;
  const received: { credential: string; body: string }[] = [];
  const config = testGatewayConfig();
  const agent = createSubgraphAgent(config.subgraphMaxResponseBytes);

  function client(options: { cache?: boolean } = {}) {
    const metrics = new GatewayMetrics({ policies: new Map(), operationNames: [] });
    const requests = new GraphQLRequestObserver({
      path: '/graphql',
      tracing: undefined,
      requestIdOf: () => 'request-1',
      continueTrace: false,
      onFinish: () => {},
    });
    const store = new MemoryCacheStore(1_000_000);
    return new SubgraphClient({
      name: 'maps',
      url,
      agent,
      policies: createSubgraphPolicies(config),
      config,
      log: silentLog,
      collapseFetches: true,
      observation: new FetchObservation('maps', metrics, undefined, requests),
      cache: options.cache ? new SubgraphCache(store, 'maps', metrics) : undefined,
      invalidation: new CacheInvalidation(store, mutationCommitWindowMs(config.subgraphTimeoutMs)),
    });
  }

  /** What Apollo hands the data source for one fetch of a gateway request by `caller`. */
  function apolloFetch(
    query: string,
    variables: Record<string, unknown> = {},
    caller = LIN,
  ): GraphQLDataSourceProcessOptions<GatewayContext> {
    return {
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query, variables },
      incomingRequestContext: fakeIncoming(caller).requestContext,
      // Deprecated, and not read: a client reading it would sign for nobody.
      context: {} as GatewayContext,
      document: parse(query),
    };
  }

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ credential: request.headers[CREDENTIAL_HEADER] as string, body });
        const { variables } = JSON.parse(body) as { variables: { representations?: unknown[] } };
        const data = variables.representations
          ? { _entities: variables.representations.map(() => ({ name: 'A' })) }
          : { ok: true };
        response.writeHead(status, {
          'content-type': 'application/json',
          'cache-control': 'max-age=60, public',
        });
        response.end(status >= 500 ? 'down' : JSON.stringify({ data }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(() => {
    status = 200;
    received.length = 0;
  });
  afterAll(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs for the caller of the incoming request', async () => {
    await client().process(apolloFetch('{ ok }'));
    const verified = verifyCredential(config.gatewaySecret, received[0]!.credential, 'maps');
    expect(verified.caller.userId).toBe('u-lin');
    expect(verified.requestId).toBe('request-1');
  });

  it('answers a repeated `_entities` fetch from the entity cache', async () => {
    const maps = client({ cache: true });
    const fetch = () => apolloFetch(ENTITIES_QUERY, { representations: [storeRef('a')] });
    await maps.process(fetch());
    const again = await maps.process(fetch());
    expect(again).toEqual({ data: { _entities: [{ name: 'A' }] } });
    expect(received).toHaveLength(1);
  });

  it('retries a query the subgraph answered 503, and never a mutation', async () => {
    status = 503;
    await expect(client().process(apolloFetch('{ ok }'))).rejects.toThrow();
    expect(received.length).toBeGreaterThan(1);
    received.length = 0;
    await expect(client().process(apolloFetch('mutation { ok }'))).rejects.toThrow();
    expect(received).toHaveLength(1);
  });

  it('names a subgraph that did not answer with Apollo’s serviceName', async () => {
    status = 503;
    const failure = await client()
      .process(apolloFetch('mutation { ok }'))
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      message: 'The maps service did not answer; its fields are missing',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'maps' },
    });
  });
});
