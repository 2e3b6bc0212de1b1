import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.userById.load(id),

  /** Private: only the signed-in user sees their own membership. */
  membership: async (user, _, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    return {
      user_id: user.id,
      wallet_tier: user.wallet_tier,
      light_memberships: await loaders.lightMembershipsByUser.load(user.id),
    };
  },

  /** Private, like the membership. */
  wallet: (user, _, { viewerId }) => (viewerId === user.id ? { userId: user.id } : null),

  /** Private, like the wallet they fill. */
  fundingSources: (user, _, { viewerId, loaders }) =>
    viewerId === user.id ? loaders.fundingSourcesByUser.load(user.id) : null,
};
