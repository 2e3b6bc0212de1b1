import type { CommerceContext } from '../context';
import { claimCoupon, validateDeviceId } from '../data/coupons';
import { requireViewer, runMutation } from '../../kit/mutations';

interface CouponClaimInput {
  campaignId: string;
  deviceId: string;
  idempotencyKey: string;
}

export async function couponClaim(
  _: unknown,
  { input }: { input: CouponClaimInput },
  { db, viewerId }: CommerceContext,
) {
  const userId = requireViewer(viewerId, 'claim a coupon');
  validateDeviceId(input.deviceId);
  return runMutation(
    db,
    {
      actor: userId,
      operation: 'couponClaim',
      idempotencyKey: input.idempotencyKey,
      input: { campaignId: input.campaignId, deviceId: input.deviceId },
    },
    async (tx) => ({
      ...(await claimCoupon(tx, userId, input.campaignId, input.deviceId)),
      userErrors: [],
    }),
  );
}

export const CouponClaimPayload = {
  coupon: (payload: { couponId?: string }, _: unknown, { loaders }: CommerceContext) =>
    payload.couponId ? loaders.couponById.load(payload.couponId) : null,
  retryAfter: (payload: { retryAt?: string }) => payload.retryAt ?? null,
};
