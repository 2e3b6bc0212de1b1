import type { PaymentsContext } from '../context';
import type { MerchantRow, ProgrammeRow } from '../data/loaders';

export const Merchant = {
  __resolveReference: ({ id }: { id: string }, { loaders }: PaymentsContext) =>
    loaders.merchantById.load(id),
  nameEn: (row: MerchantRow) => row.name_en,
  membershipProgramme: (row: MerchantRow, _: unknown, { loaders }: PaymentsContext) =>
    loaders.programmeByMerchant.load(row.id),
};

export const MembershipProgramme = {
  periodDays: (row: ProgrammeRow) => row.period_days,
  discountPercent: (row: ProgrammeRow) => row.discount_percent,
  minimumCreditScore: (row: ProgrammeRow) => row.min_credit_score,
};
