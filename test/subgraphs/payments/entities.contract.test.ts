import { payments } from '../../../subgraphs/payments/server';
import { describeSubgraphContract } from '../../support/contract';

describeSubgraphContract(payments, {
  entities: [
    {
      typename: 'User',
      known: [{ id: 'demo' }, { id: 'u-lin' }, { id: 'u-chen' }],
      missing: (i) => ({ id: `nobody-${i}` }),
      selection: 'id nickname',
      // Only signed-in callers see users.
      viewerId: 'u-lin',
      expectFirst: (user) => expect(user).toEqual({ id: 'demo', nickname: '西湖小明 Xiaoming' }),
    },
    {
      typename: 'Merchant',
      known: [{ id: 'm-kfc' }, { id: 'm-atour' }],
      missing: (i) => ({ id: `m-none-${i}` }),
      selection: 'id name nameEn',
      expectFirst: (merchant) =>
        expect(merchant).toEqual({ id: 'm-kfc', name: '肯德基', nameEn: 'KFC' }),
    },
    {
      typename: 'Store',
      known: [
        { id: 'store-atour-hubin', merchant: { id: 'm-atour' } },
        { id: 'store-kfc-hubin', merchant: { id: 'm-kfc' } },
      ],
      missing: (i) => ({ id: `store-${i}`, merchant: { id: `m-none-${i}` } }),
      selection: 'memberOffer { merchantTier discountPercent isMember }',
      viewerId: 'demo',
      // Stores without an offer resolve to a store whose memberOffer is null.
      expectFirst: (store) =>
        expect(store.memberOffer).toEqual({
          merchantTier: '金卡会员 Gold Card',
          discountPercent: 10,
          isMember: false,
        }),
    },
  ],
  errors: [
    {
      name: 'an unknown user',
      query: '{ user(id: "nobody") { id } }',
      viewerId: 'demo',
      code: 'NOT_FOUND',
    },
    { name: 'an anonymous me', query: '{ me { id } }', code: 'UNAUTHENTICATED' },
    { name: 'an unknown field', query: '{ nope }', code: 'GRAPHQL_VALIDATION_FAILED' },
    {
      name: 'an empty page of ledger entries',
      viewerId: 'demo',
      query: '{ me { wallet { entries(first: 0) { edges { cursor } } } } }',
      code: 'BAD_USER_INPUT',
    },
  ],
  pages: [
    {
      name: 'more than 100 ledger entries',
      viewerId: 'demo',
      query: (first) => `{ me { wallet { entries(first: ${first}) { edges { node { id } } } } } }`,
      list: (data) => data.me.wallet.entries.edges,
      largest: 100,
    },
  ],
});
