import { commerce } from '../../subgraphs/commerce/server';
import { describeSubgraphContract } from '../support/contract';

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
      name: 'a page of zero featured products',
      query: `{ _entities(representations: [{ __typename: "Store", id: "store-kfc-hubin" }]) {
        ... on Store { products(first: 0) { id } } } }`,
      code: 'BAD_USER_INPUT',
    },
  ],
});
