import type { PayloadRecord } from '../../kit/mutations';
import type { MapsContext } from '../context';

/** The record withIdempotency stored (and replays): the coupon travels as its id. */
type StoreArriveRecord = PayloadRecord & { couponId?: string | null; newlyIssued?: boolean };

export const StoreArrivePayload = {
  coupon: (payload: StoreArriveRecord, _: unknown, { loaders }: MapsContext) =>
    payload.couponId ? loaders.viewerArrivalCouponById.load(payload.couponId) : null,
  newlyIssued: (payload: StoreArriveRecord) => payload.newlyIssued ?? false,
};
