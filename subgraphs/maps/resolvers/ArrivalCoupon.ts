import { loadReferenced } from '../../kit/loaders';
import type { ArrivalCouponResolvers } from '../__generated__/resolvers-types';

export const ArrivalCoupon: ArrivalCouponResolvers = {
  store: (coupon, _, { loaders }) => loadReferenced(loaders.storeById, coupon.store_id, 'Store'),
  titleEn: (coupon) => coupon.title_en,
  minimumSpend: (coupon) => coupon.minimum_spend,
  arrivalDay: (coupon) => coupon.arrival_day,
  issuedAt: (coupon) => coupon.issued_at,
  validUntil: (coupon) => coupon.valid_until,
};
