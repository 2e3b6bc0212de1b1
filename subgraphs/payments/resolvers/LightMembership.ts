import type { PaymentsContext } from '../context';
import type { LightMembershipRow, SettlementRow } from '../data/loaders';
import { settlementCharge } from '../settlement';

export const LightMembership = {
  merchant: (row: LightMembershipRow, _: unknown, { loaders }: PaymentsContext) =>
    loaders.merchantById.load(row.merchant_id),
  discountPercent: async (row: LightMembershipRow, _: unknown, { loaders }: PaymentsContext) =>
    (await loaders.programmeByMerchant.load(row.merchant_id))?.discount_percent ?? 0,
  periodStart: (row: LightMembershipRow) => row.period_start,
  periodEnd: (row: LightMembershipRow) => row.period_end,
  benefitsEnjoyed: (row: LightMembershipRow) => row.benefits_enjoyed,
  nextSettlementCharge: (row: LightMembershipRow) =>
    row.status === 'ACTIVE' ? settlementCharge(row.fee, row.benefits_enjoyed) : 0,
};

export const MembershipSettlement = {
  membership: (row: SettlementRow, _: unknown, { loaders }: PaymentsContext) =>
    loaders.membershipById.load(row.membership_id),
  periodStart: (row: SettlementRow) => row.period_start,
  periodEnd: (row: SettlementRow) => row.period_end,
  benefitsEnjoyed: (row: SettlementRow) => row.benefits_enjoyed,
  settledAt: (row: SettlementRow) => row.settled_at,
};
