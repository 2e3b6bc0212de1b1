/**
 * Whole responses to queries, kept as long as the least cacheable subgraph
 * answer in them allows (the overall cache policy the data source builds from
 * the subgraphs' hints). A private response is kept under its viewer only.
 * An entry carries the tags of every answer it was built from, so the
 * mutation that invalidates an entity or a viewer's private data drops it too.
 *
 * A cached answer is the first answer again, byte for byte apart from the
 * cache headers: its data, its extensions (such as the gateway's
 * `valueCompletion`) and its HTTP status are kept and replayed as they were.
 * An answer with errors is not kept at all: each error carries the request id
 * of the request that failed, which points at that request's logs and so
 * cannot be replayed truthfully to another; and such an answer is mostly
 * partial data from a subgraph that failed, which must not outlive the outage.
 *
 * Written here rather than taken from Apollo's response-cache plugin because
 * that plugin cannot drop entries by entity: its entries live until they expire.
 */
import { createHash } from 'node:crypto';
import type { CacheScope } from '@apollo/cache-control-types';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { authorizationClass } from '../../lib/authorization';
import type { GatewayContext } from '../context';
import type { CacheStore } from './store';
import { viewerTag } from '../subgraph-client/caching';

interface StoredResponse {
  data: Record<string, unknown>;
  /** The first answer's extensions, when it had any. */
  e?: Record<string, unknown>;
  /** The first answer's HTTP status, when a plugin set one. */
  st?: number;
  s: CacheScope;
  /** Expiry, in ms since the epoch. */
  x: number;
}

export function responseCachePlugin(
  store: CacheStore,
  recordLookup: (hit: boolean) => void = () => {},
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let keys: [shared: string, own: string] | undefined;
      let served = false;
      return {
        async responseForOperation(requestContext) {
          if (requestContext.operation?.operation !== 'query') return null;
          const { request, queryHash, contextValue } = requestContext;
          const base = `r:${createHash('sha256')
            .update(queryHash ?? request.query ?? '')
            .update('\n')
            .update(request.operationName ?? '')
            .update('\n')
            .update(JSON.stringify(request.variables ?? {}))
            .update('\n')
            // Looked up before the gateway removes what a caller may not see: callers the
            // schema's authorization tells apart never share an entry.
            .update(authorizationClass(contextValue.caller))
            .digest('base64url')}`;
          keys = [base, `${base}:v:${contextValue.viewerId ?? ''}`];
          const now = Date.now();
          const stored = (await store.getMany(keys))
            .map((value) => (value === null ? null : (JSON.parse(value) as StoredResponse)))
            .find((entry) => entry !== null && entry !== undefined && entry.x > now);
          recordLookup(stored !== undefined);
          if (!stored) return null;
          served = true;
          requestContext.overallCachePolicy.restrict({
            maxAge: Math.max(0, Math.floor((stored.x - now) / 1000)),
            scope: stored.s,
          });
          return {
            http: { status: stored.st, headers: new HeaderMap() },
            body: {
              kind: 'single',
              singleResult:
                stored.e === undefined
                  ? { data: stored.data }
                  : { data: stored.data, extensions: stored.e },
            },
          };
        },

        async willSendResponse(requestContext) {
          if (served || !keys) return;
          const { response, overallCachePolicy, contextValue } = requestContext;
          if (response.body.kind !== 'single') return;
          const { data, errors, extensions } = response.body.singleResult;
          const policy = overallCachePolicy.policyIfCacheable();
          if (!policy || errors !== undefined || !data) return;
          const tags = [...contextValue.cacheTags];
          if (policy.scope === 'PRIVATE') tags.push(viewerTag(contextValue.viewerId));
          const stored: StoredResponse = {
            data,
            ...(extensions === undefined ? {} : { e: extensions }),
            ...(response.http.status === undefined ? {} : { st: response.http.status }),
            s: policy.scope,
            x: Date.now() + policy.maxAge * 1000,
          };
          await store.setMany([
            {
              key: policy.scope === 'PRIVATE' ? keys[1] : keys[0],
              value: JSON.stringify(stored),
              ttlMs: policy.maxAge * 1000,
              tags,
            },
          ]);
        },
      };
    },
  };
}
