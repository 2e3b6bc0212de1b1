import { badUserInput } from '../../../lib/errors';
import type { SocialContext } from '../context';

const MAX_MENTIONS = 20;

export const Store = {
  mentions: (store: { id: string }, { first }: { first: number }, { loaders }: SocialContext) => {
    if (!(first > 0 && first <= MAX_MENTIONS)) {
      throw badUserInput(`first must be between 1 and ${MAX_MENTIONS}`, 'first');
    }
    return loaders.mentionsByStore(first).load(store.id);
  },
};
