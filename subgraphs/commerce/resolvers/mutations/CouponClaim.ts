import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  CouponClaimPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { claimCoupon, validateDeviceId } from '../../data/coupons';

export const couponClaim: MutationResolvers['couponClaim'] = async (
  _,
  { input },
  { db, viewerId },
) => {
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
};

export const CouponClaimPayload: CouponClaimPayloadResolvers = {
  coupon: (payload, _, { loaders }) =>
    payload.couponId ? loaders.couponById.load(payload.couponId) : null,
  retryAfter: (payload) => payload.retryAt ?? null,
};
