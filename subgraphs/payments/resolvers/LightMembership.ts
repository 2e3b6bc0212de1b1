import { loadReferenced } from '../../kit/loaders';
import type {
  LightMembershipResolvers,
  MembershipSettlementResolvers,
} from '../__generated__/resolvers-types';
import { settlementCharge } from '../settlement';

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
};

export const MembershipSettlement: MembershipSettlementResolvers = {
  membership: (row, _, { loaders }) =>
    loadReferenced(loaders.membershipById, row.membership_id, 'Light membership'),
  periodStart: (row) => row.period_start,
  periodEnd: (row) => row.period_end,
  benefitsEnjoyed: (row) => row.benefits_enjoyed,
  settledAt: (row) => row.settled_at,
};
