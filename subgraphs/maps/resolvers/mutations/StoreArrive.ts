import { checkPoint } from '../../../kit/geo';
import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  StoreArrivePayloadResolvers,
} from '../../__generated__/resolvers-types';
import { arriveAtStore } from '../../data/arrivals';

export const storeArrive: MutationResolvers['storeArrive'] = async (_, { input }, ctx) => {
  const userId = requireViewer(ctx.viewerId, 'check in at a store');
  checkPoint(input.at, 'input.at');
  return runMutation(
    ctx.db,
    {
      actor: userId,
      operation: 'storeArrive',
      idempotencyKey: input.idempotencyKey,
      input: { storeId: input.storeId, at: input.at },
    },
    (tx) => arriveAtStore(tx, userId, input, new Date()),
  );
};

export const StoreArrivePayload: StoreArrivePayloadResolvers = {
  coupon: (payload, _, { loaders }) =>
    payload.couponId ? loaders.viewerArrivalCouponById.load(payload.couponId) : null,
  newlyIssued: (payload) => payload.newlyIssued ?? false,
  retryAfter: (payload) => payload.retryAt ?? null,
};
