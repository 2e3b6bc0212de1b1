import type { MemberOfferResolvers, StoreResolvers } from '../__generated__/resolvers-types';
import { memberCardAt } from './Merchant';

export const Store: StoreResolvers = {
  memberOffer: (store, _, context) =>
    store.merchant ? memberCardAt(store.merchant.id, context) : null,
};

export const MemberOffer: MemberOfferResolvers = {
  merchantTier: (row) => row.merchant_tier,
  discountPercent: (row) => row.discount_percent,
  isMember: (row) => row.is_member,
};
