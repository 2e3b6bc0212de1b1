import type { UserResolvers } from '../__generated__/resolvers-types';
import { settlementCharge } from '../settlement';

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.userById.load(id),

  /** Private: only the signed-in user sees their own membership. */
  membership: async (user, _, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    const memberships = await loaders.lightMembershipsByUser.load(user.id);
    const running = memberships.filter((m) => m.status === 'ACTIVE');
    return {
      tier: user.wallet_tier,
      status: running.length > 0 ? 'ACTIVE' : 'NONE',
      benefitsThisPeriod: running.reduce((sum, m) => sum + m.benefits_enjoyed, 0),
      nextSettlementCharge: running.reduce(
        (sum, m) => sum + settlementCharge(m.fee, m.benefits_enjoyed),
        0,
      ),
      lightMemberships: memberships,
    };
  },

  /** Private, like the membership. */
  wallet: (user, _, { viewerId }) => (viewerId === user.id ? { userId: user.id } : null),
};
