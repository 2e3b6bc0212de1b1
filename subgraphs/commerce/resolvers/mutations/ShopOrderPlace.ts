import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  ShopOrderPlacePayloadResolvers,
} from '../../__generated__/resolvers-types';
import { placeShopOrder, validateOrderLines } from '../../data/shopOrders';

export const shopOrderPlace: MutationResolvers['shopOrderPlace'] = async (
  _,
  { input },
  { db, viewerId, config },
) => {
  const userId = requireViewer(viewerId, 'place an order');
  validateOrderLines(input.lines);
  const { idempotencyKey, ...order } = input;
  return runMutation(
    db,
    { actor: userId, operation: 'shopOrderPlace', idempotencyKey, input: order },
    async (tx) => ({
      ...(await placeShopOrder(tx, userId, order, config.couponSecret)),
      userErrors: [],
    }),
  );
};

export const ShopOrderPlacePayload: ShopOrderPlacePayloadResolvers = {
  order: (payload, _, { loaders }) =>
    payload.orderId ? loaders.shopOrderById.load(payload.orderId) : null,
};
