import { verifyRefundRequest, type RefundRequest } from '../../kit/payment-requests';
import type { OrderOwner } from '../../kit/config';
import type { FoodOrderResolvers, ShopOrderResolvers } from '../__generated__/resolvers-types';
import type { Context } from '../data/loaders';
import { closeOrder } from '../data/payments';
import type { OrderRow } from '../data/rows';

/**
 * An order of another app, seen by the wallet: its payment, if its payer is
 * asking. The owner closes an order at the wallet as it cancels it
 * (subgraphs/kit/wallet-closure.ts); its signed refund request also comes along
 * (`@requires`) whenever a payment is read, and closes an order still open
 * here (one cancelled before the owners closed orders themselves), refunding
 * a payment that got in first.
 */
function paidOrder(owner: OrderOwner) {
  const orderRefOf = (id: string) => `${owner}:${id}`;
  const calledOff = (order: OrderRow, ctx: Context): RefundRequest | null => {
    if (!order.refundRequest) return null;
    const verified = verifyRefundRequest(order.refundRequest, ctx.config.paymentRequestSecrets);
    if (
      verified.ok &&
      verified.owner === owner &&
      verified.request.orderRef === orderRefOf(order.id)
    )
      return verified.request;
    ctx.log.warn({ orderRef: orderRefOf(order.id) }, 'ignored a refund request not for this order');
    return null;
  };
  return {
    __resolveReference: (order: OrderRow) => order,
    payment: async (order: OrderRow, _: unknown, ctx: Context) => {
      const orderRef = orderRefOf(order.id);
      const refund = calledOff(order, ctx);
      if (refund && !(await ctx.loaders.closedOrder.load(orderRef))) {
        await ctx.db.transaction((tx) => closeOrder(tx, orderRef));
        ctx.loaders.paymentByOrderRef.clear(orderRef);
      }
      return ctx.loaders.paymentByOrderRef.load(orderRef);
    },
  };
}

export const FoodOrder: FoodOrderResolvers = paidOrder('food');
export const ShopOrder: ShopOrderResolvers = paidOrder('commerce');
