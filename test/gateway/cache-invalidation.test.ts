/**
 * A mutation's invalidation reaches whichever caches are on: with the subgraph
 * caches and the response cache, with either alone, a user sees their own
 * write on their next read and everyone sees a merchant's change at once,
 * though the reads before were served from a cache. And it holds for a
 * mutation whose answer never came, but which the subgraph committed.
 */
import type { SubgraphName } from '../../lib/config';
import { startFaultySubgraph, type FaultySubgraph } from '../support/faults';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  remapKfcGoldTier,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  type RunningGateway,
  type RunningSubgraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');
const HEYTEA_STORE = 'store-heytea-in77';
const KFC_STORE = 'store-kfc-hubin';

interface Offers {
  nearbyStores: {
    edges: { node: { id: string; memberOffer: { isMember: boolean; discountPercent: number } } }[];
  };
}

interface Setting {
  gatewayEnv: Record<string, string>;
  /** A user who joins a merchant whose member tiers include theirs, and that merchant's store. */
  joiner: { user: string; merchantId: string; storeId: string };
  /** What KFC's owner sets its GOLD discount to. */
  discount: number;
}

/** Each setting of the caches; the subgraphs are shared, so each writes something new. */
const SETTINGS: [string, Setting][] = [
  [
    'every cache',
    {
      gatewayEnv: {},
      joiner: { user: 'u-zhao', merchantId: 'm-heytea', storeId: HEYTEA_STORE },
      discount: 21,
    },
  ],
  [
    'only the response cache',
    {
      gatewayEnv: { HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false' },
      joiner: { user: 'u-lin', merchantId: 'm-kfc', storeId: KFC_STORE },
      discount: 22,
    },
  ],
  [
    'only the subgraph caches',
    {
      gatewayEnv: { HUTONG_CACHE_RESPONSES: 'false' },
      joiner: { user: 'u-wang', merchantId: 'm-kfc', storeId: KFC_STORE },
      discount: 23,
    },
  ],
];

describe('cache invalidation', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
  });
  afterAll(async () => {
    await stopSubgraphs(subgraphs);
  });

  describe.each(SETTINGS)('with %s on', (_name, { gatewayEnv, joiner, discount }) => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway(subgraphs, { gatewayEnv });
    });
    afterAll(async () => {
      await gateway?.close();
    });

    /** The store's member offer on `user`'s home. */
    const offer = async (user: string, storeId: string) => {
      const { body } = await postGraphQL<Offers>(gateway.gatewayUrl, HOME, HUBIN, bearer(user));
      expect(body.errors).toBeUndefined();
      return body.data!.nearbyStores.edges.find((edge) => edge.node.id === storeId)!.node
        .memberOffer;
    };
    /** The offer, read twice: the second time from a cache, payments (which owns it) unasked. */
    const cachedOffer = async (user: string, storeId: string) => {
      await offer(user, storeId);
      const asked = subgraphs.payments.requests();
      const cached = await offer(user, storeId);
      expect(subgraphs.payments.requests()).toBe(asked);
      return cached;
    };

    it("shows a user's own write on their next read", async () => {
      const { user, merchantId, storeId } = joiner;
      expect((await cachedOffer(user, storeId)).isMember).toBe(false);
      const { body } = await postGraphQL(
        gateway.gatewayUrl,
        `mutation ($input: LightMembershipJoinInput!) {
          lightMembershipJoin(input: $input) { userErrors { code } }
        }`,
        { input: { merchantId, idempotencyKey: `invalidation-${user}-${merchantId}` } },
        bearer(user),
      );
      expect(body.data.lightMembershipJoin.userErrors).toEqual([]);
      expect((await offer(user, storeId)).isMember).toBe(true);
    });

    it("shows a merchant's change to everyone at once", async () => {
      expect((await cachedOffer('demo', KFC_STORE)).discountPercent).not.toBe(discount);
      await remapKfcGoldTier(gateway.gatewayUrl, discount);
      expect((await offer('demo', KFC_STORE)).discountPercent).toBe(discount);
    });
  });
});

describe('a mutation whose answer never came', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let payments: FaultySubgraph;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    gateway = await startGateway(subgraphs, {
      // Long enough that no healthy fetch on a busy machine takes it; a held one does.
      gatewayEnv: { HUTONG_SUBGRAPH_TIMEOUT_MS: '1500' },
      route: async (name, url) =>
        name === 'payments'
          ? (payments = await startFaultySubgraph(url, { keepCacheControl: true })).url
          : url,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await payments?.close();
    await stopSubgraphs(subgraphs);
  });

  const membershipStatus = async () => {
    const query = '{ me { membership { status } } }';
    const { body } = await postGraphQL(gateway.gatewayUrl, query, {}, bearer('u-wang'));
    expect(body.errors).toBeUndefined();
    return body.data.me.membership.status;
  };

  it('shows its viewer what the subgraph committed after the fetch failed, not what was cached before', async () => {
    await membershipStatus();
    const asked = payments.requests();
    expect(await membershipStatus()).toBe('NONE');
    expect(payments.requests()).toBe(asked);

    // Payments stalls past the subgraph timeout, then gets to the join and commits it.
    payments.mode = 'hold';
    const { body } = await postGraphQL(
      gateway.gatewayUrl,
      `mutation ($input: LightMembershipJoinInput!) {
        lightMembershipJoin(input: $input) { userErrors { code } }
      }`,
      { input: { merchantId: 'm-heytea', idempotencyKey: 'timed-out-wang-heytea' } },
      bearer('u-wang'),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    payments.mode = 'pass';
    const joined = () =>
      subgraphs.payments.db.query(`SELECT id FROM light_memberships WHERE user_id = 'u-wang'`);
    while ((await joined()).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));

    for (let read = 0; read < 5; read++) expect(await membershipStatus()).toBe('ACTIVE');
  });
});
