import { requireViewer, runMutation, userError } from '../../../kit/mutations';
import { verifyRefundRequest } from '../../../kit/payment-requests';
import type {
  MutationResolvers,
  PaymentRefundPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { refundOrder } from '../../data/payments';
import { PaymentCreatePayload } from './PaymentCreate';

export const paymentRefund: MutationResolvers['paymentRefund'] = async (_, { input }, ctx) => {
  const actor = requireViewer(ctx.viewerId, 'use the wallet');
  return runMutation(
    ctx.db,
    { actor, operation: 'paymentRefund', idempotencyKey: input.idempotencyKey, input },
    async (tx) => {
      const verified = verifyRefundRequest(input.refundRequest, ctx.config.paymentRequestSecrets);
      if (!verified.ok) {
        return {
          userErrors: [
            userError(
              'INVALID_REFUND_REQUEST',
              'The refund request is not one an order owner signed',
              ['refundRequest'],
            ),
          ],
        };
      }
      return refundOrder(tx, verified.request.orderRef);
    },
  );
};

export const PaymentRefundPayload: PaymentRefundPayloadResolvers = PaymentCreatePayload;
