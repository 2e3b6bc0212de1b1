import type { PaymentsContext } from '../context';
import type { PaymentRow } from '../data/payments';

export const Payment = {
  /** Private: a payment resolves only for its payer. */
  __resolveReference: async ({ id }: { id: string }, { viewerId, loaders }: PaymentsContext) => {
    const payment = await loaders.paymentById.load(id);
    return payment && payment.payer_id === viewerId ? payment : null;
  },
  orderRef: (row: PaymentRow) => row.order_ref,
  merchant: (row: PaymentRow, _: unknown, { loaders }: PaymentsContext) =>
    loaders.merchantById.load(row.merchant_id),
  charged: (row: PaymentRow) => row.amount - row.discount,
  createdAt: (row: PaymentRow) => row.created_at,
  refundedAt: (row: PaymentRow) => row.refunded_at,
};
