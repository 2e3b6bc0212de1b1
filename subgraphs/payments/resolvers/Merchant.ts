import type {
  MembershipProgrammeResolvers,
  MerchantResolvers,
} from '../__generated__/resolvers-types';

export const Merchant: MerchantResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.merchantById.load(id),
  nameEn: (row) => row.name_en,
  membershipProgramme: (row, _, { loaders }) => loaders.programmeByMerchant.load(row.id),
  /** The merchant's own figures: for its owner alone. */
  account: (row, _, { viewerId }) =>
    viewerId !== null && row.owner_user_id === viewerId ? { merchantId: row.id } : null,
};

export const MembershipProgramme: MembershipProgrammeResolvers = {
  periodDays: (row) => row.period_days,
  discountPercent: (row) => row.discount_percent,
  minimumCreditScore: (row) => row.min_credit_score,
};
