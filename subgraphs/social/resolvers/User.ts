import { badUserInput } from '../../../lib/errors';
import type { SocialContext } from '../context';
import type { AccountRow } from '../data/loaders';

const MAX_FEED = 50;

/** A feed and a sharer's standing are their owner's alone: anyone else gets null. */
export const User = {
  __resolveReference: (user: { id: string }) => user,
  feed: (
    user: { id: string },
    { first }: { first: number },
    { viewerId, loaders }: SocialContext,
  ) => {
    if (viewerId !== user.id) return null;
    if (!(first > 0 && first <= MAX_FEED)) {
      throw badUserInput(`first must be between 1 and ${MAX_FEED}`, 'first');
    }
    return loaders.feedByUser(first).load(user.id);
  },
  socialAccount: async (user: { id: string }, _: unknown, { viewerId, loaders }: SocialContext) => {
    if (viewerId !== user.id) return null;
    const account = await loaders.accountByUser.load(user.id);
    // Everyone without an account row is an ordinary personal account.
    return (
      account ?? {
        user_id: user.id,
        kind: 'PERSONAL',
        share_whitelisted: false,
        next_share_at: null,
      }
    );
  },
};

export const SocialAccount = {
  mayShareMiniPrograms: (account: AccountRow) => account.share_whitelisted,
  nextShareAllowedAt: (account: AccountRow) => account.next_share_at,
};
