import { notFound } from '../../../lib/errors';
import type { SocialContext } from '../context';
import { TOPIC_SELECT, type TopicRow } from '../data/loaders';

export const Query = {
  trendingTopics: async (
    _: unknown,
    { first }: { first: number },
    { db, loaders }: SocialContext,
  ) => {
    const topics = await db.query<TopicRow>(`${TOPIC_SELECT} ORDER BY heat DESC, id LIMIT $1`, [
      first,
    ]);
    for (const topic of topics) loaders.topicById.prime(topic.id, topic);
    return topics;
  },
  topic: async (_: unknown, { id }: { id: string }, { loaders }: SocialContext) => {
    const topic = await loaders.topicById.load(id);
    if (!topic) throw notFound('Topic', id);
    return topic;
  },
  lifeAccount: async (_: unknown, { id }: { id: string }, { loaders }: SocialContext) => {
    const account = await loaders.lifeAccountById.load(id);
    if (!account) throw notFound('Life account', id);
    return account;
  },
};
