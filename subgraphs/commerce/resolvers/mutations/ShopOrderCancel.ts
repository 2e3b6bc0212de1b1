import type { CommerceContext } from '../context';
import { cancelShopOrder } from '../data/shopOrders';
import { requireViewer, runMutation } from '../../kit/mutations';

/**
 * Needs no idempotency key: the conditional status change makes a retry
 * harmless (refused as ALREADY_CANCELLED, the stock returned once).
 */
export async function shopOrderCancel(
  _: unknown,
  { input }: { input: { orderId: string } },
  { db, viewerId }: CommerceContext,
) {
  const userId = requireViewer(viewerId, 'cancel an order');
  return runMutation(db, { actor: userId, operation: 'shopOrderCancel', input }, async (tx) => ({
    ...(await cancelShopOrder(tx, userId, input.orderId)),
    userErrors: [],
  }));
}
