import type { PaymentsContext } from '../context';
import type { MemberOfferRow } from '../data/loaders';

interface StoreRepresentation {
  id: string;
  /** Nullable in the schema, as every reference to another subgraph's entity is. */
  merchant: { id: string } | null;
}

export const Store = {
  memberOffer: (
    store: StoreRepresentation,
    _: unknown,
    { loaders, cacheTags }: PaymentsContext,
  ) => {
    if (!store.merchant) return null;
    // The offer follows the merchant's tier mapping, which its owner may change.
    cacheTags.dependsOn('Merchant', store.merchant.id);
    return loaders.memberOfferByMerchant.load(store.merchant.id);
  },
};

export const MemberOffer = {
  merchantTier: (row: MemberOfferRow) => row.merchant_tier,
  discountPercent: (row: MemberOfferRow) => row.discount_percent,
  isMember: (row: MemberOfferRow) => row.is_member,
};
