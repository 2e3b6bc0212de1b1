import { social } from '../../../subgraphs/social/server';
import { describeSubgraphContract } from '../../support/contract';

describeSubgraphContract(social, {
  entities: [
    {
      typename: 'Topic',
      known: [{ id: 'topic-heytea-westlake-cup' }, { id: 'topic-kfc-crazy-thursday' }],
      missing: (i) => ({ id: `topic-missing-${i}` }),
      selection: 'id title titleEn heat',
      expectFirst: (topic) => {
        expect(topic.title).toBe('喜茶西湖限定杯');
        // 730,000 searches an hour ago, halving every 12 hours.
        expect(topic.heat).toBeGreaterThan(0.5 ** (1.1 / 12) * 730_000);
        expect(topic.heat).toBeLessThan(0.5 ** (0.9 / 12) * 730_000);
      },
    },
    {
      typename: 'Store',
      known: [{ id: 'store-heytea-in77' }, { id: 'store-kfc-hubin' }],
      missing: (i) => ({ id: `store-missing-${i}` }),
      selection: 'mentions(first: 3) { id author { id } }',
      expectFirst: (store) =>
        expect(store.mentions).toEqual([{ id: 'post-3', author: { id: 'u-wang' } }]),
    },
    {
      typename: 'User',
      known: [{ id: 'demo' }],
      missing: (i) => ({ id: `user-${i}` }),
      selection: 'feed(first: 2) { edges { node { id kind } } pageInfo { hasNextPage } }',
      viewerId: 'demo',
      expectFirst: (user) =>
        expect(user.feed).toEqual({
          edges: [
            { node: { id: 'post-4', kind: 'POST' } },
            { node: { id: 'post-3', kind: 'POST' } },
          ],
          pageInfo: { hasNextPage: true },
        }),
    },
    {
      typename: 'User',
      known: [{ id: 'u-wang' }],
      missing: (i) => ({ id: `user-${i}` }),
      selection: 'socialAccount { kind mayShareMiniPrograms }',
      viewerId: 'u-wang',
      expectFirst: (user) =>
        expect(user.socialAccount).toEqual({ kind: 'VERIFIED', mayShareMiniPrograms: true }),
    },
    {
      typename: 'Merchant',
      known: [
        { id: 'm-heytea', viewerIsOwner: true },
        { id: 'm-kfc', viewerIsOwner: true },
      ],
      missing: (i) => ({ id: `m-missing-${i}`, viewerIsOwner: true }),
      selection: 'id trafficPledge { uniqueVisitors pageViewsPerVisitor exposureOwed }',
      // Merchant figures: for their owner (payments says who that is), with the merchant scope.
      viewerId: 'owner-heytea',
      // Two visitors yesterday and one today, 300 page views each.
      expectFirst: (merchant) =>
        expect(merchant.trafficPledge).toEqual({
          uniqueVisitors: 3,
          pageViewsPerVisitor: 300,
          exposureOwed: 900,
        }),
    },
  ],
  errors: [
    { name: 'an unknown topic', query: '{ topic(id: "nope") { id } }', code: 'NOT_FOUND' },
    {
      name: 'an unknown life account',
      query: '{ lifeAccount(id: "nope") { id } }',
      code: 'NOT_FOUND',
    },
    {
      name: 'an anonymous share',
      query: `mutation { miniProgramShare(input: { miniProgramId: "mp-heytea-go", channel: HOME_PAGE }) {
        card { id } } }`,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'a push with an empty title',
      viewerId: 'u-zhao',
      query: `mutation { lifeAccountPush(input: { lifeAccountId: "la-heytea-hubin", title: "", body: "Hi" }) {
        push { id } } }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'an empty trending list',
      query: '{ trendingTopics(first: 0) { id } }',
      code: 'BAD_USER_INPUT',
    },
  ],
  pages: [
    {
      name: 'a feed longer than 50',
      viewerId: 'demo',
      query: (first) => `{ _entities(representations: [{ __typename: "User", id: "demo" }]) {
        ... on User { feed(first: ${first}) { edges { node { id } } } } } }`,
      list: (data) => data._entities[0].feed.edges,
      largest: 50,
    },
    {
      name: 'a trending list longer than 50',
      query: (first) => `{ trendingTopics(first: ${first}) { id } }`,
      list: (data) => data.trendingTopics,
      largest: 50,
    },
    {
      name: 'more than 20 mentions of a store',
      query: (
        first,
      ) => `{ _entities(representations: [{ __typename: "Store", id: "store-heytea-in77" }]) {
        ... on Store { mentions(first: ${first}) { id } } } }`,
      list: (data) => data._entities[0].mentions,
      largest: 20,
    },
  ],
});
