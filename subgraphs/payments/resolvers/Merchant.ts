import type { Context } from '../data/loaders';
import type {
  MembershipProgrammeResolvers,
  MerchantResolvers,
} from '../__generated__/resolvers-types';

export const Merchant: MerchantResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.merchantById.load(id),
  nameEn: (row) => row.name_en,
  membershipProgramme: (row, _, { loaders }) => loaders.programmeByMerchant.load(row.id),
  /** The merchant's own figures: for its owner alone. */
  account: (row, _, { viewerId }) => (ownedBy(row, viewerId) ? { merchantId: row.id } : null),
  viewerIsOwner: (row, _, { viewerId }) => ownedBy(row, viewerId),
  memberCard: (row, _, context) => memberCardAt(row.id, context),
};

export const MembershipProgramme: MembershipProgrammeResolvers = {
  periodDays: (row) => row.period_days,
  discountPercent: (row) => row.discount_percent,
  minimumCreditScore: (row) => row.min_credit_score,
};

function ownedBy(merchant: { owner_user_id: string | null }, viewerId: string | null): boolean {
  return viewerId !== null && merchant.owner_user_id === viewerId;
}

/** The viewer's member card at a merchant: their wallet tier mapped onto its tiers. */
export function memberCardAt(
  merchantId: string,
  { loaders, cacheTags }: Pick<Context, 'loaders' | 'cacheTags'>,
) {
  // The card follows the merchant's tier mapping, which its owner may change.
  cacheTags.dependsOn('Merchant', merchantId);
  return loaders.memberOfferByMerchant.load(merchantId);
}
