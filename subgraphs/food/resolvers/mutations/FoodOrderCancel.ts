import { requireViewer, runMutation } from '../../../kit/mutations';
import { closeAtWallet } from '../../../kit/wallet-closure';
import type {
  FoodOrderCancelPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { transitionOrder } from '../../data/orders';
import { foodOrderRef } from '../FoodOrder';
import { orderPayload } from './order-transition';

/**
 * The customer calls the order off. One offered for payment is closed at the
 * wallet before the cancel commits (subgraphs/kit/wallet-closure.ts): it is never paid
 * after, and a payment that got in first is refunded. Like every transition it
 * needs no idempotency key: a retry is refused as INVALID_TRANSITION.
 */
export const foodOrderCancel: MutationResolvers['foodOrderCancel'] = async (_, { input }, ctx) => {
  const viewerId = requireViewer(ctx.viewerId, 'handle food orders');
  return runMutation(
    ctx.db,
    { actor: viewerId, operation: 'foodOrder:CANCEL', input },
    async (tx) => {
      const moved = await transitionOrder(tx, viewerId, input.orderId, 'CANCEL', new Date());
      if (moved.paymentOffered) await closeAtWallet(ctx, 'food', foodOrderRef(moved.orderId));
      return { orderId: moved.orderId, userErrors: [] };
    },
  );
};

export const FoodOrderCancelPayload: FoodOrderCancelPayloadResolvers = orderPayload;
