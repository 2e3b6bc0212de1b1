import type { PaymentsContext } from '../context';
import type { MemberOfferRow } from '../data/loaders';

interface StoreRepresentation {
  id: string;
  merchant: { id: string };
}

export const Store = {
  memberOffer: (store: StoreRepresentation, _: unknown, { loaders }: PaymentsContext) =>
    loaders.memberOfferByMerchant.load(store.merchant.id),
};

export const MemberOffer = {
  merchantTier: (row: MemberOfferRow) => row.merchant_tier,
  discountPercent: (row: MemberOfferRow) => row.discount_percent,
  isMember: (row: MemberOfferRow) => row.is_member,
};
