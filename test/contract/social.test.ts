import { social } from '../../subgraphs/social/server';
import { describeSubgraphContract } from '../support/contract';

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
      selection: 'feed(first: 2) { id }',
      viewerId: 'demo',
      expectFirst: (user) => expect(user.feed).toEqual([{ id: 'post-4' }, { id: 'post-3' }]),
    },
  ],
  errors: [
    { name: 'an unknown topic', query: '{ topic(id: "nope") { id } }', code: 'NOT_FOUND' },
    {
      name: 'a trending list longer than 50',
      query: '{ trendingTopics(first: 51) { id } }',
      code: 'BAD_USER_INPUT',
    },
  ],
});
