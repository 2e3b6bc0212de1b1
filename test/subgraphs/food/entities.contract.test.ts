import { food } from '../../../subgraphs/food/server';
import { describeSubgraphContract } from '../../support/contract';

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
      typename: 'Store',
      known: [{ id: 'store-kfc-hubin' }, { id: 'store-louwailou-gushan' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'fulfilmentModes readyInMinutes',
      expectFirst: (store) =>
        expect(store.fulfilmentModes).toEqual(['DELIVERY', 'PICKUP', 'DINE_IN']),
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
    {
      typename: 'Store',
      known: [{ id: 'store-louwailou-gushan' }, { id: 'store-kfc-hubin' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'deliveryHours { opensAt closesAt } acceptsOrdersNow',
      expectFirst: (store) =>
        expect(store.deliveryHours).toEqual([
          { opensAt: '10:30', closesAt: '14:00' },
          { opensAt: '16:30', closesAt: '20:30' },
        ]),
    },
    {
      typename: 'FoodOrder',
      known: [{ id: 'fo-demo-1' }, { id: 'fo-demo-2' }],
      // fo-lin-1 exists but is u-lin's: to demo it is as missing as the rest.
      missing: (i) => ({ id: i === 0 ? 'fo-lin-1' : `fo-missing-${i}` }),
      selection: 'id status subtotal deliveryFee total store { id } deliverTo { lat lng }',
      viewerId: 'demo',
      expectFirst: (order) =>
        expect(order).toEqual({
          id: 'fo-demo-1',
          status: 'DELIVERED',
          subtotal: 6000,
          deliveryFee: 400,
          total: 6400,
          store: { id: 'store-zhiweiguan-renhe' },
          deliverTo: HUBIN,
        }),
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
    {
      name: 'an anonymous order',
      query: `mutation { foodOrderPlace(input: { storeId: "store-kfc-hubin",
        lines: [{ menuItemId: "mi-kfc-zinger", quantity: 1 }], deliverTo: { lat: 30.2575, lng: 120.1655 },
        idempotencyKey: "anonymous-order-1" }) { order { id } } }`,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'an order with a key too short',
      query: `mutation { foodOrderPlace(input: { storeId: "store-kfc-hubin",
        lines: [{ menuItemId: "mi-kfc-zinger", quantity: 1 }], deliverTo: { lat: 30.2575, lng: 120.1655 },
        idempotencyKey: "k" }) { order { id } } }`,
      viewerId: 'demo',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'an anonymous transition',
      query: 'mutation { foodOrderCancel(input: { orderId: "fo-demo-2" }) { order { id } } }',
      code: 'UNAUTHENTICATED',
    },
    {
      name: "someone else's order",
      query: '{ foodOrder(id: "fo-lin-1") { id } }',
      viewerId: 'demo',
      code: 'NOT_FOUND',
    },
  ],
  pages: [
    {
      name: 'more than 100 food orders',
      viewerId: 'demo',
      query: (first) => `{ _entities(representations: [{ __typename: "User", id: "demo" }]) {
        ... on User { foodOrders(first: ${first}) { edges { node { id } } pageInfo { hasNextPage } } } } }`,
      list: (data) => data._entities[0].foodOrders.edges,
      largest: 100,
    },
  ],
});
