import type { SocialContext } from '../context';
import type { TopicRow } from '../data/loaders';

export const Topic = {
  __resolveReference: ({ id }: { id: string }, { loaders }: SocialContext) =>
    loaders.topicById.load(id),
  titleEn: (topic: TopicRow) => topic.title_en,
  relatedStores: async (topic: TopicRow, _: unknown, { loaders }: SocialContext) =>
    (await loaders.storeIdsByTopic.load(topic.id)).map((id) => ({ id })),
  relatedProducts: async (topic: TopicRow, _: unknown, { loaders }: SocialContext) =>
    (await loaders.productIdsByTopic.load(topic.id)).map((id) => ({ id })),
};
