import type { MapsContext } from '../context';
import type { ArrivalCouponRow } from '../data/rows';

export const ArrivalCoupon = {
  store: (coupon: ArrivalCouponRow, _: unknown, { loaders }: MapsContext) =>
    loaders.storeById.load(coupon.store_id),
  titleEn: (coupon: ArrivalCouponRow) => coupon.title_en,
  minimumSpend: (coupon: ArrivalCouponRow) => coupon.minimum_spend,
  arrivalDay: (coupon: ArrivalCouponRow) => coupon.arrival_day,
  issuedAt: (coupon: ArrivalCouponRow) => coupon.issued_at,
  validUntil: (coupon: ArrivalCouponRow) => coupon.valid_until,
};
