import type { PortalResolvers } from '../__generated__/resolvers-types';

export const Portal: PortalResolvers = {
  titleEn: (portal) => portal.title_en,
  services: (portal, _, { loaders }) => loaders.miniProgramsByPortal.load(portal.id),
  trendingTopics: async (portal, { first }, { loaders }) => {
    const topics = await loaders.trendingByPortal(first).load(portal.id);
    for (const topic of topics) loaders.topicById.prime(topic.id, topic);
    return topics;
  },
};
