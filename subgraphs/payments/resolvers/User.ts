import type { PaymentsContext } from '../context';
import type { UserRow } from '../data/loaders';
import { settlementCharge } from '../settlement';

export const User = {
  __resolveReference: ({ id }: { id: string }, { loaders }: PaymentsContext) =>
    loaders.userById.load(id),

  /** Private: only the signed-in user sees their own membership. */
  membership: async (user: UserRow, _: unknown, { viewerId, loaders }: PaymentsContext) => {
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
  wallet: (user: UserRow, _: unknown, { viewerId }: PaymentsContext) =>
    viewerId === user.id ? { userId: user.id } : null,
};
