import type { MemberOfferResolvers, StoreResolvers } from '../__generated__/resolvers-types';

export const Store: StoreResolvers = {
  memberOffer: (store, _, { loaders, cacheTags }) => {
    if (!store.merchant) return null;
    // The offer follows the merchant's tier mapping, which its owner may change.
    cacheTags.dependsOn('Merchant', store.merchant.id);
    return loaders.memberOfferByMerchant.load(store.merchant.id);
  },
};

export const MemberOffer: MemberOfferResolvers = {
  merchantTier: (row) => row.merchant_tier,
  discountPercent: (row) => row.discount_percent,
  isMember: (row) => row.is_member,
};
