import { maps } from '../../../subgraphs/maps/server';
import { describeSubgraphContract } from '../../support/contract';
import { HUBIN } from '../../support/harness';

describeSubgraphContract(maps, {
  entities: [
    {
      typename: 'Store',
      known: [
        { id: 'store-louwailou-gushan' },
        { id: 'store-kfc-hubin' },
        { id: 'store-heytea-in77' },
      ],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'id name nameEn category location { lat lng } merchant { id }',
      expectFirst: (store) =>
        expect(store).toEqual({
          id: 'store-louwailou-gushan',
          name: '楼外楼(孤山店)',
          nameEn: 'Louwailou (Gushan)',
          category: 'RESTAURANT',
          location: { lat: 30.2553, lng: 120.1437 },
          merchant: { id: 'm-louwailou' },
        }),
    },
    {
      typename: 'Store',
      known: [{ id: 'store-kfc-hubin' }, { id: 'store-hz-0001' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      // Travel is arithmetic on the store already loaded: still one statement.
      selection: `travel(from: { lat: ${HUBIN.lat}, lng: ${HUBIN.lng} }) { distanceMeters walkingMinutes drivingMinutes }`,
      expectFirst: (store) =>
        expect(store.travel).toEqual({ distanceMeters: 103, walkingMinutes: 2, drivingMinutes: 6 }),
    },
    {
      typename: 'Store',
      known: [{ id: 'store-kfc-hubin' }, { id: 'store-louwailou-gushan' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'arrivalOffer { title discount minimumSpend }',
      // The stores, then their offers.
      roundTrips: 2,
      expectFirst: (store) =>
        expect(store.arrivalOffer).toEqual({
          title: '到店礼·满30减5',
          discount: 500,
          minimumSpend: 3000,
        }),
    },
    {
      typename: 'BusinessArea',
      known: [{ id: 'area-hubin' }, { id: 'area-binjiang' }],
      missing: (i) => ({ id: `area-missing-${i}` }),
      selection: 'id name nameEn centre { lat lng } radiusMeters',
      expectFirst: (area) =>
        expect(area).toEqual({
          id: 'area-hubin',
          name: '湖滨商圈',
          nameEn: 'Hubin',
          centre: { lat: 30.2576, lng: 120.1658 },
          radiusMeters: 700,
        }),
    },
  ],
  errors: [
    { name: 'an unknown store', query: '{ store(id: "nope") { id } }', code: 'NOT_FOUND' },
    {
      name: 'a latitude out of range',
      query: '{ nearbyStores(near: { lat: 91, lng: 120 }) { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a radius of zero',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, radiusMeters: 0) { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a radius over 50 km',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, radiusMeters: 50001) { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'an unknown business area filter',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, businessAreaId: "area-nope") { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'an unknown business area',
      query: '{ businessArea(id: "area-nope") { id } }',
      code: 'NOT_FOUND',
    },
    {
      name: 'a travel origin off the map',
      query:
        '{ store(id: "store-kfc-hubin") { travel(from: { lat: 30, lng: 181 }) { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'an anonymous arrival',
      query:
        'mutation { storeArrive(input: { storeId: "store-kfc-hubin", at: { lat: 30.2568, lng: 120.1662 }, idempotencyKey: "anonymous-1" }) { newlyIssued } }',
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'an arrival with a key too short',
      query:
        'mutation { storeArrive(input: { storeId: "store-kfc-hubin", at: { lat: 30.2568, lng: 120.1662 }, idempotencyKey: "k" }) { newlyIssued } }',
      viewerId: 'demo',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a negative page',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, first: -1) { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a forged cursor',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, after: "bm9wZQ") { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
  ],
  pages: [
    {
      name: 'a page of nearby stores larger than 100',
      query: (first) => `{ nearbyStores(near: { lat: 30.2575, lng: 120.1655 }, radiusMeters: 50000,
        first: ${first}) { edges { node { id } } pageInfo { hasNextPage } } }`,
      list: (data) => data.nearbyStores.edges,
      largest: 100,
    },
    {
      name: 'a page of business areas larger than 100',
      query: (first) => `{ businessAreas(first: ${first}) { edges { node { id } } } }`,
      list: (data) => data.businessAreas.edges,
      largest: 100,
    },
  ],
});
