import type { SocialAccountResolvers, UserResolvers } from '../__generated__/resolvers-types';

/** A feed and a sharer's standing are their owner's alone: anyone else gets null. */
export const User: UserResolvers = {
  __resolveReference: (user) => user,
  feed: (user, { first }, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    return loaders.feedByUser(first).load(user.id);
  },
  socialAccount: async (user, _, { viewerId, loaders }) => {
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

export const SocialAccount: SocialAccountResolvers = {
  mayShareMiniPrograms: (account) => account.share_whitelisted,
  nextShareAllowedAt: (account) => account.next_share_at,
};
