import type { SocialContext } from '../context';

export const Store = {
  mentions: (store: { id: string }, { first }: { first: number }, { loaders }: SocialContext) => {
    return loaders.mentionsByStore(first).load(store.id);
  },
};
