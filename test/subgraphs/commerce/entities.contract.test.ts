import { commerce } from '../../../subgraphs/commerce/server';
import { describeSubgraphContract } from '../../support/contract';

describeSubgraphContract(commerce, {
  entities: [
    {
      typename: 'Product',
      known: [{ id: 'prod-heytea-cup' }, { id: 'prod-kfc-bucket-voucher' }],
      missing: (i) => ({ id: `prod-missing-${i}` }),
      selection: 'id name nameEn price',
      expectFirst: (product) =>
        expect(product).toEqual({
          id: 'prod-heytea-cup',
          name: '灵感杯',
          nameEn: 'Inspiration Cup',
          price: 6900,
        }),
    },
    {
      typename: 'Store',
      known: [{ id: 'store-uniqlo-hubin' }, { id: 'store-kfc-hubin' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'products(first: 2) { id }',
      expectFirst: (store) =>
        expect(store.products).toEqual([{ id: 'prod-uniqlo-ut' }, { id: 'prod-uniqlo-heattech' }]),
    },
    {
      typename: 'Store',
      known: [{ id: 'store-uniqlo-hubin' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'lightShop { id }',
      expectFirst: (store) => expect(store.lightShop).toEqual({ id: 'ls-uniqlo-hubin' }),
    },
    {
      typename: 'Store',
      known: [{ id: 'store-starbucks-in77' }, { id: 'store-uniqlo-hubin' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'lightShop { id inventory { product { id } quantity } }',
      // The light shops, then their stock with the products joined in.
      roundTrips: 2,
      expectFirst: (store) =>
        expect(store.lightShop.inventory[0]).toEqual({
          product: { id: 'prod-starbucks-tumbler' },
          quantity: 3,
        }),
    },
    {
      typename: 'ShopOrder',
      known: [{ id: 'so-demo-0001' }],
      missing: (i) => ({ id: `so-missing-${i}` }),
      selection: 'id total lines { product { id } quantity unitPrice source }',
      viewerId: 'demo',
      // The orders, then their lines; each product comes from one more batch.
      roundTrips: 3,
      expectFirst: (order) =>
        expect(order).toEqual({
          id: 'so-demo-0001',
          total: 57800,
          lines: [
            {
              product: { id: 'prod-uniqlo-ut' },
              quantity: 1,
              unitPrice: 7900,
              source: 'LIGHT_SHOP',
            },
            {
              product: { id: 'prod-uniqlo-down' },
              quantity: 1,
              unitPrice: 49900,
              source: 'FLAGSHIP_WAREHOUSE',
            },
          ],
        }),
    },
    {
      typename: 'User',
      known: [{ id: 'demo' }],
      missing: (i) => ({ id: `user-${i}` }),
      selection: 'shopOrders(first: 5) { edges { node { id } } pageInfo { hasNextPage } }',
      viewerId: 'demo',
      expectFirst: (user) =>
        expect(user.shopOrders).toEqual({
          edges: [{ node: { id: 'so-demo-0001' } }],
          pageInfo: { hasNextPage: false },
        }),
    },
    {
      typename: 'User',
      known: [{ id: 'demo' }],
      missing: (i) => ({ id: `user-${i}` }),
      selection: 'favorites { targetId } coupons { id status }',
      viewerId: 'demo',
      // Favorites and coupons: one statement each, only for the viewer.
      roundTrips: 2,
      expectFirst: (user) => {
        expect(user.favorites.map((f: { targetId: string }) => f.targetId)).toEqual([
          'flagship-heytea',
          'mp-hangzhou-metro',
        ]);
        expect(user.coupons[0]).toEqual({ id: 'cp-demo-kfc-10', status: 'AVAILABLE' });
      },
    },
  ],
  errors: [
    { name: 'an unknown product', query: '{ product(id: "nope") { id } }', code: 'NOT_FOUND' },
    {
      name: 'an unknown coupon campaign',
      query: '{ couponCampaign(id: "nope") { id } }',
      code: 'NOT_FOUND',
    },
    {
      name: 'an anonymous order',
      query: `mutation { shopOrderPlace(input: { storeId: "store-kfc-hubin", idempotencyKey: "anon-order-1",
        lines: [{ productId: "prod-kfc-bucket-voucher", quantity: 1 }] }) { order { id } } }`,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'an order line of 0 units',
      viewerId: 'demo',
      query: `mutation { shopOrderPlace(input: { storeId: "store-kfc-hubin", idempotencyKey: "zero-order-1",
        lines: [{ productId: "prod-kfc-bucket-voucher", quantity: 0 }] }) { order { id } } }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a claim with a key too short to be unique',
      viewerId: 'demo',
      query: `mutation { couponClaim(input: { campaignId: "camp-kfc-thursday-10", deviceId: "dev-1",
        idempotencyKey: "short" }) { coupon { id } } }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'an anonymous favorite',
      query: `mutation { favoriteAdd(input: { kind: SHOP, targetId: "flagship-heytea", deviceId: "dev-contract" }) { favorite { targetId } } }`,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'a page of zero featured products',
      query: `{ _entities(representations: [{ __typename: "Store", id: "store-kfc-hubin" }]) {
        ... on Store { products(first: 0) { id } } } }`,
      code: 'BAD_USER_INPUT',
    },
  ],
  pages: [
    {
      name: 'more than 20 featured products',
      query: (
        first,
      ) => `{ _entities(representations: [{ __typename: "Store", id: "store-kfc-hubin" }]) {
        ... on Store { products(first: ${first}) { id } } } }`,
      list: (data) => data._entities[0].products,
      largest: 20,
    },
    {
      name: 'more than 50 favorite targets',
      query: (first) => `{ favoriteTargets(first: ${first}) { id } }`,
      list: (data) => data.favoriteTargets,
      largest: 50,
    },
  ],
});
