import type { StoreResolvers } from '../__generated__/resolvers-types';

export const Store: StoreResolvers = {
  mentions: (store, { first }, { loaders }) => loaders.mentionsByStore(first).load(store.id),
};
