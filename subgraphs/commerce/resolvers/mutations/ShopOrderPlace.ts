import type { CommerceContext } from '../context';
import { placeShopOrder, validateOrderLines, type OrderLineInput } from '../data/shopOrders';
import { requireViewer, runMutation } from '../../kit/mutations';

interface ShopOrderPlaceInput {
  storeId: string;
  lines: OrderLineInput[];
  idempotencyKey: string;
}

export async function shopOrderPlace(
  _: unknown,
  { input }: { input: ShopOrderPlaceInput },
  { db, viewerId }: CommerceContext,
) {
  const userId = requireViewer(viewerId, 'place an order');
  validateOrderLines(input.lines);
  return runMutation(
    db,
    {
      actor: userId,
      operation: 'shopOrderPlace',
      idempotencyKey: input.idempotencyKey,
      input: { storeId: input.storeId, lines: input.lines },
    },
    async (tx) => ({
      ...(await placeShopOrder(tx, userId, input.storeId, input.lines)),
      userErrors: [],
    }),
  );
}

export const ShopOrderPlacePayload = {
  order: (payload: { orderId?: string }, _: unknown, { loaders }: CommerceContext) =>
    payload.orderId ? loaders.shopOrderById.load(payload.orderId) : null,
};
