import type { PaymentsContext } from '../context';
import type { LightMembershipRow } from '../data/loaders';
import { settlementCharge } from '../settlement';

export const LightMembership = {
  merchant: (row: LightMembershipRow, _: unknown, { loaders }: PaymentsContext) =>
    loaders.merchantById.load(row.merchant_id),
  periodStart: (row: LightMembershipRow) => row.period_start,
  periodEnd: (row: LightMembershipRow) => row.period_end,
  benefitsEnjoyed: (row: LightMembershipRow) => row.benefits_enjoyed,
  nextSettlementCharge: (row: LightMembershipRow) =>
    row.status === 'ACTIVE' ? settlementCharge(row.fee, row.benefits_enjoyed) : 0,
};
