/**
 * The gateway's caches through a real client: what one user fetched serves
 * the next, private parts never reach another user, and a user's write is
 * visible on their next read. Every cached answer is compared with the answer
 * of a gateway without caches over the same subgraphs.
 */
import { MAX_CACHE_TAGS } from '../../lib/cache-tags';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import {
  bearer,
  HUBIN,
  KFC_GOLD_DISCOUNT,
  postGraphQL,
  readOperation,
  remapKfcGoldTier,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  UNCACHED_GATEWAY_ENV,
  type RunningGateway,
  type RunningSubgraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');
const HEYTEA_STORE = 'store-heytea-in77';

const JOIN = `mutation ($input: LightMembershipJoinInput!) {
  lightMembershipJoin(input: $input) { membership { id status } userErrors { code message } }
}`;
const KFC_STORE = 'store-kfc-hubin';
/** Not the seed's discount nor KFC_GOLD_DISCOUNT, so that the two remapping tests stay apart. */
const LARGE_PAGE_DISCOUNT = 12;

/** 15 areas of 40 stores: more entities than a subgraph lists in one answer (MAX_CACHE_TAGS). */
const LARGE_PAGE = `query LargePage {
  businessAreas(first: 15) {
    edges { node { stores(first: 40) { edges { node { id merchant { id } memberOffer { discountPercent } } } } } }
  }
}`;

interface LargePage {
  businessAreas: {
    edges: {
      node: {
        stores: {
          edges: { node: { merchant: { id: string } | null; memberOffer: MemberOffer | null } }[];
        };
      };
    }[];
  };
}

interface MemberOffer {
  isMember: boolean;
  discountPercent: number;
}
function withoutHeat(data: HomeData): unknown {
  return JSON.parse(JSON.stringify(data, (key, value) => (key === 'heat' ? undefined : value)));
}

interface HomeData {
  me: { id: string; membership: { status: string } | null } | null;
  nearbyStores: { edges: { node: { id: string; memberOffer: MemberOffer | null } }[] };
}

describe('gateway caches', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let cached: RunningGateway;
  let uncached: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    cached = await startGateway(subgraphs);
    uncached = await startGateway(subgraphs, { gatewayEnv: UNCACHED_GATEWAY_ENV });
  });
  afterAll(async () => {
    await cached?.gateway.close();
    await uncached?.gateway.close();
    await stopSubgraphs(subgraphs);
  });

  const requestCounts = () =>
    Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].requests()]));
  const home = async (gateway: RunningGateway, user: string | null, at = HUBIN) => {
    const { status, body } = await postGraphQL<HomeData>(
      gateway.gatewayUrl,
      HOME,
      at,
      user ? bearer(user) : {},
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  /**
   * What the gateway without caches answers for the same request. Topic heat
   * decays by the second, and the subgraph lets it be cached for 30 s: it is
   * the one part allowed to differ.
   */
  const expectFreshAnswer = async (data: HomeData, user: string) => {
    const fresh = await home(uncached, user);
    expect(withoutHeat(data)).toEqual(withoutHeat(fresh));
  };
  const offerAt = (data: HomeData, storeId: string) =>
    data.nearbyStores.edges.find((edge) => edge.node.id === storeId)?.node.memberOffer;

  it('serves the public parts one user fetched to the next user, and fetches only the private ones', async () => {
    await home(cached, 'demo');
    const before = requestCounts();
    const forLin = await home(cached, 'u-lin');
    const after = requestCounts();

    // Stores, delivery quotes, products and topics came from the cache…
    expect(after.maps).toBe(before.maps);
    expect(after.food).toBe(before.food);
    expect(after.commerce).toBe(before.commerce);
    expect(after.social).toBe(before.social);
    // …the membership and member offers are Lin's own.
    expect(after.payments).toBeGreaterThan(before.payments!);
    await expectFreshAnswer(forLin, 'u-lin');
  });

  it('answers each place with its own delivery quotes and distances, though the stores are shared', async () => {
    const nearby = { lat: HUBIN.lat + 0.003, lng: HUBIN.lng + 0.002 };
    await home(cached, 'u-lin', HUBIN);
    const elsewhere = await home(cached, 'u-lin', nearby);
    const fresh = await home(uncached, 'u-lin', nearby);
    expect(withoutHeat(elsewhere)).toEqual(withoutHeat(fresh));
  });

  it('never serves one user’s private parts to another', async () => {
    const forDemo = await home(cached, 'demo');
    expect(forDemo.me?.id).toBe('demo');
    expect(offerAt(forDemo, HEYTEA_STORE)?.isMember).toBe(true);

    const forZhao = await home(cached, 'u-zhao');
    expect(forZhao.me?.id).toBe('u-zhao');
    expect(offerAt(forZhao, HEYTEA_STORE)?.isMember).toBe(false);
    await expectFreshAnswer(forZhao, 'u-zhao');

    // Anonymous: the private parts are refused before planning, never taken from a cache.
    const { body } = await postGraphQL<HomeData>(cached.gatewayUrl, HOME, HUBIN);
    const anonymous = body.data!;
    expect(anonymous.me).toBeNull();
    expect(anonymous.nearbyStores.edges.every((edge) => edge.node.memberOffer === null)).toBe(true);
    expect(body.errors?.every((error) => error.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
  });

  it('answers a repeated request from the response cache without reaching any subgraph', async () => {
    const first = await home(cached, 'u-chen');
    const before = requestCounts();
    const again = await postGraphQL(cached.gatewayUrl, HOME, HUBIN, bearer('u-chen'));
    expect(requestCounts()).toEqual(before);
    expect(again.body.data).toEqual(first);
    // The user's own device may keep it a little; shared caches may not.
    expect(again.headers.get('cache-control')).toMatch(/^max-age=\d+, private$/);
  });

  it('shows a user their own write on their next read', async () => {
    const before = await home(cached, 'u-zhao');
    expect(offerAt(before, HEYTEA_STORE)?.isMember).toBe(false);

    const joined = await postGraphQL(
      cached.gatewayUrl,
      JOIN,
      { input: { merchantId: 'm-heytea', idempotencyKey: 'cache-test-zhao-heytea' } },
      bearer('u-zhao'),
    );
    expect(joined.body.data.lightMembershipJoin.userErrors).toEqual([]);

    const after = await home(cached, 'u-zhao');
    expect(offerAt(after, HEYTEA_STORE)?.isMember).toBe(true);
    await expectFreshAnswer(after, 'u-zhao');
  });

  it('replays a cached answer byte for byte, extensions included', async () => {
    // A topic about a store the maps app no longer lists: maps answers null for it, and
    // the gateway reports the field it could not complete in `extensions.valueCompletion`.
    await subgraphs.social.db.exec(`
      INSERT INTO topics (id, title, title_en, search_volume, last_active_at)
        VALUES ('topic-closed-store', '闭店', 'A closed store', 0, '2020-01-01T00:00:00Z');
      INSERT INTO topic_stores (topic_id, store_id, position)
        VALUES ('topic-closed-store', 'store-closed-long-ago', 1);`);
    const query = `query ClosedStoreTopic {
      topic(id: "topic-closed-store") { id title relatedStores { id name } }
    }`;
    const first = await postGraphQL(cached.gatewayUrl, query);
    expect(first.body).toEqual({
      data: { topic: { id: 'topic-closed-store', title: '闭店', relatedStores: [null] } },
      extensions: {
        valueCompletion: [
          expect.objectContaining({ message: expect.stringContaining('Store.name') }),
        ],
      },
    });
    expect(first.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);

    const before = requestCounts();
    const again = await postGraphQL(cached.gatewayUrl, query);
    expect(requestCounts()).toEqual(before);
    expect(again.raw).toBe(first.raw);
    expect(again.raw).toBe((await postGraphQL(uncached.gatewayUrl, query)).raw);
  });

  it('keeps no answer that has errors: each names the request that failed', async () => {
    const query = `query MissingStore { store(id: "store-that-never-was") { id name } }`;
    const first = await postGraphQL(cached.gatewayUrl, query);
    expect(first.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const before = requestCounts();
    const again = await postGraphQL(cached.gatewayUrl, query);
    expect(requestCounts().maps).toBeGreaterThan(before.maps!);
    expect(again.body.errors?.[0]?.extensions?.requestId).not.toBe(
      first.body.errors?.[0]?.extensions?.requestId,
    );
  });

  it('drops a page built from more entities than a subgraph lists when one of them changes', async () => {
    const kfcDiscounts = async () => {
      const { body } = await postGraphQL<LargePage>(
        cached.gatewayUrl,
        LARGE_PAGE,
        {},
        bearer('demo'),
      );
      expect(body.errors).toBeUndefined();
      const stores = body.data!.businessAreas.edges.flatMap((area) =>
        area.node.stores.edges.map((edge) => edge.node),
      );
      // Payments lists each store of its member-offer batch and the merchant each offer depends on.
      const merchants = new Set(stores.map((store) => store.merchant?.id));
      expect(stores.length + merchants.size).toBeGreaterThan(MAX_CACHE_TAGS);
      return new Set(
        stores
          .filter((store) => store.merchant?.id === 'm-kfc')
          .map((store) => store.memberOffer?.discountPercent),
      );
    };
    const before = await kfcDiscounts();
    expect(before.size).toBe(1);
    expect(before).not.toContain(LARGE_PAGE_DISCOUNT);
    expect(await kfcDiscounts()).toEqual(before);

    await remapKfcGoldTier(cached.gatewayUrl, LARGE_PAGE_DISCOUNT);

    expect(await kfcDiscounts()).toEqual(new Set([LARGE_PAGE_DISCOUNT]));
  });

  it('drops, for every user, what a mutation changed', async () => {
    // demo holds KFC's light membership on a GOLD wallet; KFC's owner remaps the GOLD tier.
    const before = await home(cached, 'demo');
    expect(offerAt(before, KFC_STORE)?.discountPercent).not.toBe(KFC_GOLD_DISCOUNT);

    await remapKfcGoldTier(cached.gatewayUrl);

    const after = await home(cached, 'demo');
    expect(offerAt(after, KFC_STORE)?.discountPercent).toBe(KFC_GOLD_DISCOUNT);
    await expectFreshAnswer(after, 'demo');
  });
});
