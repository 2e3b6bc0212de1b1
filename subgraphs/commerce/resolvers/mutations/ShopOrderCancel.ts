import { requireViewer, runMutation } from '../../../kit/mutations';
import { closeAtWallet } from '../../../kit/wallet-closure';
import type {
  MutationResolvers,
  ShopOrderCancelPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { cancelShopOrder } from '../../data/shopOrders';
import { shopOrderRef } from '../ShopOrder';
import { ShopOrderPlacePayload } from './ShopOrderPlace';

/**
 * An order offered for payment is closed at the wallet before the cancel
 * commits (subgraphs/kit/wallet-closure.ts): it is never paid after, and a payment that
 * got in first is refunded. Needs no idempotency key: the conditional status
 * change makes a retry harmless (refused as ALREADY_CANCELLED, the stock
 * returned once).
 */
export const shopOrderCancel: MutationResolvers['shopOrderCancel'] = async (_, { input }, ctx) => {
  const userId = requireViewer(ctx.viewerId, 'cancel an order');
  return runMutation(ctx.db, { actor: userId, operation: 'shopOrderCancel', input }, async (tx) => {
    const cancelled = await cancelShopOrder(tx, userId, input.orderId);
    if (cancelled.paymentOffered)
      await closeAtWallet(ctx, 'commerce', shopOrderRef(cancelled.orderId));
    return { orderId: cancelled.orderId, userErrors: [] };
  });
};

export const ShopOrderCancelPayload: ShopOrderCancelPayloadResolvers = ShopOrderPlacePayload;
