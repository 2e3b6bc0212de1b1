import { decodeTimeCursor, timeConnection } from '../../kit/cursor';
import type { SocialAccountResolvers, UserResolvers } from '../__generated__/resolvers-types';

/**
 * A feed, an inbox and a sharer's standing are their owner's alone: anyone
 * else gets null. A home page and follow counts are for any signed-in caller.
 */
export const User: UserResolvers = {
  __resolveReference: (user) => user,
  feed: async (user, { first, after }, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    const rows = await loaders.feedByUser({ first, after: decodeTimeCursor(after) }).load(user.id);
    return timeConnection(rows, first, (row) => row.created_at_exact);
  },
  homePage: async (user, { first, after }, { loaders }) => {
    const rows = await loaders
      .homePageByUser({ first, after: decodeTimeCursor(after) })
      .load(user.id);
    return timeConnection(rows, first, (row) => row.created_at_exact);
  },
  inbox: async (user, { first, after }, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    const rows = await loaders.inboxByUser({ first, after: decodeTimeCursor(after) }).load(user.id);
    return timeConnection(rows, first, (row) => row.created_at_exact);
  },
  followerCount: async (user, _, { loaders }) =>
    (await loaders.followCountsByUser.load(user.id))?.follower_count ?? 0,
  followingCount: async (user, _, { loaders }) =>
    (await loaders.followCountsByUser.load(user.id))?.following_count ?? 0,
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
