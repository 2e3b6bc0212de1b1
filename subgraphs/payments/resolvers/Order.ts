import { verifyRefundRequest, type RefundRequest } from '../../kit/payment-requests';
import type { OrderOwner } from '../../kit/config';
import type { PaymentsContext } from '../context';
import { closeOrder } from '../data/payments';

/** The wallet's view of another app's order, with what the plan brought from its owner. */
interface OrderRepresentation {
  id: string;
  /** The owner's signed refund request: set once the owner has called the order off. */
  refundRequest?: string | null;
}

/**
 * An order of another app, seen by the wallet: its payment, if its payer is
 * asking. The owner tells the wallet an order is called off the only way the
 * two talk, by its signed refund request, which the gateway brings along
 * (`@requires`) whenever a payment is read: the first read after a cancel —
 * the cancel's own answer, when it asks for the payment — closes the order
 * for payment and refunds a payment that got in first.
 */
function paidOrder(owner: OrderOwner) {
  const orderRefOf = (id: string) => `${owner}:${id}`;
  const calledOff = (order: OrderRepresentation, ctx: PaymentsContext): RefundRequest | null => {
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
    __resolveReference: (order: OrderRepresentation) => order,
    payment: async (order: OrderRepresentation, _: unknown, ctx: PaymentsContext) => {
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

export const FoodOrder = paidOrder('food');
export const ShopOrder = paidOrder('commerce');
