import { loadReferenced } from '../../kit/loaders';
import type {
  LightMembershipResolvers,
  MembershipResolvers,
  MembershipSettlementResolvers,
} from '../__generated__/resolvers-types';
import type { LightMembershipRow } from '../data/rows';
import { settlementCharge } from '../settlement';

const running = (memberships: LightMembershipRow[]) =>
  memberships.filter((m) => m.status === 'ACTIVE');

export const Membership: MembershipResolvers = {
  tier: (row) => row.wallet_tier,
  status: (row) => (running(row.light_memberships).length > 0 ? 'ACTIVE' : 'NONE'),
  benefitsThisPeriod: (row) =>
    running(row.light_memberships).reduce((sum, m) => sum + m.benefits_enjoyed, 0),
  nextSettlementCharge: (row) =>
    running(row.light_memberships).reduce(
      (sum, m) => sum + settlementCharge(m.fee, m.benefits_enjoyed),
      0,
    ),
  lightMemberships: (row) => row.light_memberships,
  settlements: (row, { first }, { loaders }) =>
    loaders.settlementsByUser.load(row.user_id).then((all) => all.slice(0, first)),
  outstandingCharge: async (row, _, { loaders }) =>
    (await loaders.settlementsByUser.load(row.user_id))
      .filter((s) => s.status === 'OUTSTANDING')
      .reduce((sum, s) => sum + s.charged, 0),
};

export const LightMembership: LightMembershipResolvers = {
  merchant: (row, _, { loaders }) =>
    loadReferenced(loaders.merchantById, row.merchant_id, 'Merchant'),
  discountPercent: async (row, _, { loaders }) =>
    (await loaders.programmeByMerchant.load(row.merchant_id))?.discount_percent ?? 0,
  periodStart: (row) => row.period_start,
  periodEnd: (row) => row.period_end,
  benefitsEnjoyed: (row) => row.benefits_enjoyed,
  nextSettlementCharge: (row) =>
    row.status === 'ACTIVE' ? settlementCharge(row.fee, row.benefits_enjoyed) : 0,
  rejoinAfter: (row) => row.rejoin_after,
};

export const MembershipSettlement: MembershipSettlementResolvers = {
  membership: (row, _, { loaders }) =>
    loadReferenced(loaders.membershipById, row.membership_id, 'Light membership'),
  periodStart: (row) => row.period_start,
  periodEnd: (row) => row.period_end,
  benefitsEnjoyed: (row) => row.benefits_enjoyed,
  settledAt: (row) => row.settled_at,
  paidAt: (row) => row.paid_at,
};
