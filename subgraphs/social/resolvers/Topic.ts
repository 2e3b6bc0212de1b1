import type { TopicResolvers } from '../__generated__/resolvers-types';

export const Topic: TopicResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.topicById.load(id),
  titleEn: (topic) => topic.title_en,
  relatedStores: async (topic, _, { loaders }) =>
    (await loaders.storeIdsByTopic.load(topic.id)).map((id) => ({ id })),
  relatedProducts: async (topic, _, { loaders }) =>
    (await loaders.productIdsByTopic.load(topic.id)).map((id) => ({ id })),
  relatedMiniPrograms: (topic, _, { loaders }) => loaders.miniProgramsByTopic.load(topic.id),
};
