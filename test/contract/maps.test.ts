import { maps } from '../../subgraphs/maps/server';
import { describeSubgraphContract } from '../support/contract';

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
      name: 'a page larger than 100',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, first: 101) { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'a forged cursor',
      query:
        '{ nearbyStores(near: { lat: 30, lng: 120 }, after: "bm9wZQ") { edges { distanceMeters } } }',
      code: 'BAD_USER_INPUT',
    },
  ],
});
