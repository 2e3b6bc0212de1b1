import { loadReferenced } from '../../kit/loaders';
import { signVisitProof } from '../../kit/visit-proofs';
import type { PaymentResolvers } from '../__generated__/resolvers-types';
import { chargedFor } from '../data/rows';

export const Payment: PaymentResolvers = {
  /** Private: a payment resolves only for its payer. */
  __resolveReference: async ({ id }, { viewerId, loaders }) => {
    const payment = await loaders.paymentById.load(id);
    return payment && payment.payer_id === viewerId ? payment : null;
  },
  orderRef: (row) => row.order_ref,
  merchant: (row, _, { loaders }) =>
    loadReferenced(loaders.merchantById, row.merchant_id, 'Merchant'),
  memberTierDiscount: (row) => row.tier_discount,
  couponDiscount: (row) => row.coupon_discount,
  charged: (row) => chargedFor(row),
  createdAt: (row) => row.created_at,
  refundedAt: (row) => row.refunded_at,
  visitProof: (row, _, { viewerId, config }) =>
    row.status === 'SUCCEEDED' && row.payer_id === viewerId
      ? signVisitProof(
          {
            payerId: row.payer_id,
            merchantId: row.merchant_id,
            paymentId: row.id,
            paidAt: row.created_at,
          },
          config.visitProofSecret,
        )
      : null,
};
