/**
 * The caching layer alone, over a fake `next`: what it answers itself, what it
 * sends down, what it keeps, and what it tells the request's cache policy.
 */
import { MemoryCacheStore } from '../../gateway/cache/store';
import {
  CacheInvalidation,
  SubgraphCache,
  SubgraphCaching,
  viewerTag,
} from '../../gateway/subgraph-client/caching';
import type { FetchNext, SubgraphFetch } from '../../gateway/subgraph-client/fetch';
import { CACHE_TAGS_EXTENSION } from '../../lib/cache-tags';
import {
  answer,
  entitiesFetch,
  fakeIncoming,
  storeRef,
  subgraphFetch,
} from '../support/subgraph-fetch';

const LIN = { userId: 'u-lin', appId: 'app', scopes: new Set<never>() };
/** Long enough to tell a second invalidation from the first. */
const COMMIT_WINDOW_MS = 15_000;

function layer() {
  const store = new MemoryCacheStore(1_000_000);
  const cache = new SubgraphCache(store, 'maps');
  return {
    cache,
    caching: new SubgraphCaching(cache, new CacheInvalidation(store, COMMIT_WINDOW_MS)),
  };
}

/** The layer with the subgraph caches off, over the store the response cache keeps its entries in. */
function layerWithoutSubgraphCaches() {
  const store = new MemoryCacheStore(1_000_000);
  return {
    store,
    caching: new SubgraphCaching(undefined, new CacheInvalidation(store, COMMIT_WINDOW_MS)),
  };
}

/** A `next` that answers each `_entities` fetch with the names of its stores, and records what it was sent. */
function storesNext(cacheControl = 'max-age=60, public') {
  const sent: SubgraphFetch[] = [];
  const next: FetchNext = async (fetch) => {
    sent.push(fetch);
    const names = (fetch.representations ?? []).map((ref) => ({
      name: (ref as { id: string }).id.toUpperCase(),
    }));
    return answer({ data: { _entities: names } }, cacheControl);
  };
  return { sent, next };
}

describe('the caching layer', () => {
  it('answers a query fetch it holds without sending it down, and restricts the policy by what is left of its age', async () => {
    const { caching } = layer();
    const { next, sent } = storesNext();
    const first = fakeIncoming();
    const fetched = answer({ data: { nearbyStores: [] } }, 'max-age=60, public');
    await caching.run(subgraphFetch({ incoming: first }), async () => fetched);

    const second = fakeIncoming();
    const response = await caching.run(subgraphFetch({ incoming: second }), next);
    expect(response).toEqual({ data: { nearbyStores: [] } });
    expect(sent).toHaveLength(0);
    expect(second.restricted).toEqual([expect.objectContaining({ scope: 'PUBLIC' })]);
    expect(second.restricted[0]!.maxAge).toBeLessThanOrEqual(60);
  });

  it('sends only the entities it lacks, and answers the full list in order', async () => {
    const { caching } = layer();
    const warm = storesNext();
    await caching.run(entitiesFetch([storeRef('a')], fakeIncoming()), warm.next);

    const { next, sent } = storesNext();
    const response = await caching.run(
      entitiesFetch([storeRef('b'), storeRef('a'), storeRef('c')], fakeIncoming()),
      next,
    );
    expect(sent.map((fetch) => fetch.representations)).toEqual([[storeRef('b'), storeRef('c')]]);
    expect(JSON.parse(sent[0]!.body).variables.representations).toEqual([
      storeRef('b'),
      storeRef('c'),
    ]);
    expect(response.data).toEqual({ _entities: [{ name: 'B' }, { name: 'A' }, { name: 'C' }] });
  });

  it("points a partial fetch's errors at the entity's place in the full list", async () => {
    const { caching } = layer();
    await caching.run(entitiesFetch([storeRef('a')], fakeIncoming()), storesNext().next);
    const response = await caching.run(
      entitiesFetch([storeRef('a'), storeRef('b')], fakeIncoming()),
      async () =>
        answer({
          data: { _entities: [null] },
          errors: [{ message: 'no such store', path: ['_entities', 0, 'name'] }],
        }),
    );
    expect(response.errors).toEqual([{ message: 'no such store', path: ['_entities', 1, 'name'] }]);
  });

  it('sends a whole miss as Apollo made it, serialized once', async () => {
    const { caching } = layer();
    const { next, sent } = storesNext();
    const fetch = entitiesFetch([storeRef('a'), storeRef('b')], fakeIncoming());
    await caching.run(fetch, next);
    expect(sent).toEqual([fetch]);
  });

  it('keeps a private answer for its viewer only', async () => {
    const { caching } = layer();
    const query = { query: '{ me { id } }', variables: {} };
    await caching.run(subgraphFetch({ request: query, incoming: fakeIncoming(LIN) }), async () =>
      answer({ data: { me: { id: 'u-lin' } } }, 'max-age=60, private'),
    );

    let sent = 0;
    const anonymous = await caching.run(
      subgraphFetch({ request: query, incoming: fakeIncoming() }),
      async () => (sent++, answer({ data: { me: null } })),
    );
    expect(anonymous).toEqual({ data: { me: null } });
    expect(sent).toBe(1);
    const again = await caching.run(
      subgraphFetch({ request: query, incoming: fakeIncoming(LIN) }),
      async () => (sent++, answer({ data: { me: null } })),
    );
    expect(again).toEqual({ data: { me: { id: 'u-lin' } } });
    expect(sent).toBe(1);
  });

  it('never caches a mutation, and drops what it changed', async () => {
    const { caching } = layer();
    await caching.run(entitiesFetch([storeRef('a')], fakeIncoming()), storesNext().next);

    const mutation = { query: 'mutation { storeCheckIn(storeId: "a") { ok } }', variables: {} };
    const changed = answer(
      { data: { storeCheckIn: { ok: true } }, extensions: { [CACHE_TAGS_EXTENSION]: ['Store:a'] } },
      'max-age=60, public',
    );
    const response = await caching.run(
      subgraphFetch({ kind: 'mutation', request: mutation, incoming: fakeIncoming(LIN) }),
      async () => changed,
    );
    // The tags are the gateway's: the client never sees them.
    expect(response).toEqual({ data: { storeCheckIn: { ok: true } } });

    const { next, sent } = storesNext();
    await caching.run(entitiesFetch([storeRef('a')], fakeIncoming()), next);
    expect(sent).toHaveLength(1);
  });

  it('sends every fetch down without the subgraph caches, and still gives the request its policy and tags', async () => {
    const { caching } = layerWithoutSubgraphCaches();
    const incoming = fakeIncoming();
    const { next, sent } = storesNext('max-age=5, private');
    await caching.run(entitiesFetch([storeRef('a')], incoming), next);
    await caching.run(entitiesFetch([storeRef('a')], incoming), next);
    await caching.run(subgraphFetch({ incoming }), async () =>
      answer(
        { data: { nearbyStores: [] }, extensions: { [CACHE_TAGS_EXTENSION]: ['Merchant:m-kfc'] } },
        'max-age=60, public',
      ),
    );
    expect(sent).toHaveLength(2);
    expect(incoming.restricted).toEqual([
      { maxAge: 5, scope: 'PRIVATE' },
      { maxAge: 5, scope: 'PRIVATE' },
      { maxAge: 60, scope: 'PUBLIC' },
    ]);
    expect([...incoming.context.cacheTags].sort()).toEqual(['Merchant:m-kfc', 'Store:a']);
  });

  it('drops what a mutation changed without the subgraph caches, from the store the response cache shares', async () => {
    const { store, caching } = layerWithoutSubgraphCaches();
    const response = (key: string, tags: string[]) => ({ key, value: key, ttlMs: 60_000, tags });
    await store.setMany([
      response('kfc-offers', ['Merchant:m-kfc']),
      response('lin-home', [viewerTag('u-lin')]),
      response('topics', ['Topic:t1']),
    ]);
    const mutation = { query: 'mutation { merchantTierMappingSet { ok } }', variables: {} };
    await caching.run(
      subgraphFetch({ kind: 'mutation', request: mutation, incoming: fakeIncoming(LIN) }),
      async () =>
        answer({
          data: { merchantTierMappingSet: { ok: true } },
          extensions: { [CACHE_TAGS_EXTENSION]: ['Merchant:m-kfc'] },
        }),
    );
    expect(await store.getMany(['kfc-offers', 'lin-home', 'topics'])).toEqual([
      null,
      null,
      'topics',
    ]);
  });

  it('adds the tags of what it used to the request, for the response cache', async () => {
    const { caching } = layer();
    const incoming = fakeIncoming();
    await caching.run(entitiesFetch([storeRef('a')], incoming), storesNext().next);
    expect([...incoming.context.cacheTags]).toEqual(['Store:a']);
  });
});

describe('a mutation whose answer never came', () => {
  afterEach(() => jest.useRealTimers());

  it("drops the viewer's private entries at once, and again once its commit can no longer land", async () => {
    jest.useFakeTimers();
    const { store, caching } = layerWithoutSubgraphCaches();
    const linsHome = {
      key: 'lin-home',
      value: 'not joined',
      ttlMs: 60_000,
      tags: [viewerTag('u-lin')],
    };
    await store.setMany([linsHome, { key: 'topics', value: 'topics', ttlMs: 60_000, tags: [] }]);
    const join = subgraphFetch({
      kind: 'mutation',
      request: { query: 'mutation { lightMembershipJoin { ok } }', variables: {} },
      incoming: fakeIncoming(LIN),
    });
    const timedOut = Object.assign(new Error('The operation was aborted'), {
      name: 'TimeoutError',
    });
    await expect(
      caching.run(join, async () => {
        throw timedOut;
      }),
    ).rejects.toBe(timedOut);
    expect(await store.getMany(['lin-home', 'topics'])).toEqual([null, 'topics']);

    // Read again before the subgraph got to the fetch: the old state is kept anew.
    await store.setMany([linsHome]);
    await jest.advanceTimersByTimeAsync(COMMIT_WINDOW_MS - 1);
    expect(await store.getMany(['lin-home'])).toEqual(['not joined']);
    await jest.advanceTimersByTimeAsync(1);
    expect(await store.getMany(['lin-home', 'topics'])).toEqual([null, 'topics']);
  });
});
