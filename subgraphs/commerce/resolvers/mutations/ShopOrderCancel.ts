import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  ShopOrderCancelPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { cancelShopOrder } from '../../data/shopOrders';
import { ShopOrderPlacePayload } from './ShopOrderPlace';

/**
 * Needs no idempotency key: the conditional status change makes a retry
 * harmless (refused as ALREADY_CANCELLED, the stock returned once).
 */
export const shopOrderCancel: MutationResolvers['shopOrderCancel'] = async (
  _,
  { input },
  { db, viewerId },
) => {
  const userId = requireViewer(viewerId, 'cancel an order');
  return runMutation(db, { actor: userId, operation: 'shopOrderCancel', input }, async (tx) => ({
    ...(await cancelShopOrder(tx, userId, input.orderId)),
    userErrors: [],
  }));
};

export const ShopOrderCancelPayload: ShopOrderCancelPayloadResolvers = ShopOrderPlacePayload;
