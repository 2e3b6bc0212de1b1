import type { SocialContext } from '../context';
import type { AccountRow } from '../data/loaders';

/** A feed and a sharer's standing are their owner's alone: anyone else gets null. */
export const User = {
  __resolveReference: (user: { id: string }) => user,
  feed: (
    user: { id: string },
    { first }: { first: number },
    { viewerId, loaders }: SocialContext,
  ) => {
    if (viewerId !== user.id) return null;
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
