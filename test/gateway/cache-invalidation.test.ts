/**
 * A mutation's invalidation reaches whichever caches are on: with the subgraph
 * caches and the response cache, with either alone, a user sees their own
 * write on their next read and everyone sees a merchant's change at once,
 * though the reads before were served from a cache.
 */
import type { SubgraphName } from '../../lib/config';
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
