import { notFound } from '../../../lib/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { portalsOf, trendingTopics } from '../data/topics';

export const Query: QueryResolvers = {
  trendingTopics: async (_, { first }, { db, loaders }) => {
    const topics = await trendingTopics(db, first);
    for (const topic of topics) loaders.topicById.prime(topic.id, topic);
    return topics;
  },
  portal: async (_, { city, kind }, { db }) => {
    const [portal] = await portalsOf(db, city, kind);
    if (!portal) throw notFound('Portal', `${city} ${kind}`);
    return portal;
  },
  portals: (_, { city }, { db }) => portalsOf(db, city, null),
  topic: async (_, { id }, { loaders }) => {
    const topic = await loaders.topicById.load(id);
    if (!topic) throw notFound('Topic', id);
    return topic;
  },
  lifeAccount: async (_, { id }, { loaders }) => {
    const account = await loaders.lifeAccountById.load(id);
    if (!account) throw notFound('Life account', id);
    return account;
  },
};
