import { food } from '../../subgraphs/food/server';
import { describeSubgraphContract } from '../support/contract';

const HUBIN = { lat: 30.2575, lng: 120.1655 };

describeSubgraphContract(food, {
  entities: [
    {
      typename: 'Store',
      known: [
        { id: 'store-zhiweiguan-renhe', location: { lat: 30.2531, lng: 120.1652 } },
        { id: 'store-kfc-hubin', location: { lat: 30.2568, lng: 120.1662 } },
      ],
      missing: (i) => ({ id: `store-missing-${i}`, location: HUBIN }),
      selection: `menu { id name price available }`,
      expectFirst: (store) =>
        expect(store.menu.map((item: { id: string }) => item.id)).toEqual([
          'mi-zhiweiguan-xiaolong',
          'mi-zhiweiguan-pianerchuan',
          'mi-zhiweiguan-chicken',
        ]),
    },
    {
      typename: 'Store',
      known: [
        { id: 'store-zhiweiguan-renhe', location: { lat: 30.2531, lng: 120.1652 } },
        { id: 'store-kfc-hubin', location: { lat: 30.2568, lng: 120.1662 } },
      ],
      missing: (i) => ({ id: `store-missing-${i}`, location: HUBIN }),
      selection: `delivery(to: { lat: ${HUBIN.lat}, lng: ${HUBIN.lng} }) { fee etaMinutes distanceMeters }`,
      // 490 m away: base fee only; 15 min kitchen + 2 min ride.
      expectFirst: (store) =>
        expect(store.delivery).toEqual({ fee: 400, etaMinutes: 17, distanceMeters: 490 }),
    },
    {
      typename: 'User',
      known: [{ id: 'demo' }],
      missing: (i) => ({ id: `user-${i}` }),
      selection: 'foodOrders(first: 5) { edges { node { id status total } } }',
      viewerId: 'demo',
      expectFirst: (user) =>
        expect(user.foodOrders.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
          'fo-demo-2',
          'fo-demo-1',
        ]),
    },
  ],
  errors: [
    {
      name: 'a delivery point out of range',
      query: `{ _entities(representations: [{ __typename: "Store", id: "store-kfc-hubin", location: { lat: 30, lng: 120 } }]) {
        ... on Store { delivery(to: { lat: 100, lng: 120 }) { fee } } } }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a page of zero orders',
      query: `{ _entities(representations: [{ __typename: "User", id: "demo" }]) {
        ... on User { foodOrders(first: 0) { edges { cursor } } } } }`,
      viewerId: 'demo',
      code: 'BAD_USER_INPUT',
    },
  ],
});
