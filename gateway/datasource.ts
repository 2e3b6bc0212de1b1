import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';
import { REQUEST_ID_HEADER, VIEWER_HEADER } from '../lib/identity';
import type { GatewayContext } from './context';

type Fetcher = NonNullable<
  NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']
>;

/**
 * Keep-alive connections to subgraphs through undici: the gateway's default
 * fetcher costs about half its throughput on this workload.
 */
export function createSubgraphFetcher(): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const fetcher = ((url: string, init?: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as Parameters<
      typeof undiciFetch
    >[1])) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}

/** Forwards who is asking (as verified by the gateway) and the request id to every subgraph. */
export class HutongDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const headers = request.http?.headers;
    if (!headers || !context || !('requestId' in context)) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.viewerId) headers.set(VIEWER_HEADER, context.viewerId);
  }
}
