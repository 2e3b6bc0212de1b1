import { requireViewer, runMutation, userError } from '../../../kit/mutations';
import { verifyChargeRequest } from '../../../kit/payment-requests';
import type {
  MutationResolvers,
  PaymentCreatePayloadResolvers,
} from '../../__generated__/resolvers-types';
import { payOrder } from '../../data/payments';

export const paymentCreate: MutationResolvers['paymentCreate'] = async (_, { input }, ctx) => {
  const payerId = requireViewer(ctx.viewerId, 'use the wallet');
  return runMutation(
    ctx.db,
    {
      actor: payerId,
      operation: 'paymentCreate',
      idempotencyKey: input.idempotencyKey,
      input,
    },
    async (tx) => {
      const verified = verifyChargeRequest(input.paymentRequest, ctx.config.paymentRequestSecrets);
      if (!verified.ok) {
        return {
          userErrors: [
            verified.reason === 'EXPIRED'
              ? userError(
                  'PAYMENT_REQUEST_EXPIRED',
                  'The payment request has expired; ask the order for a new one',
                  ['paymentRequest'],
                )
              : userError(
                  'INVALID_PAYMENT_REQUEST',
                  'The payment request is not one an order owner signed',
                  ['paymentRequest'],
                ),
          ],
        };
      }
      return payOrder(tx, payerId, verified.request);
    },
  );
};

/** Payloads hold ids (so an idempotent replay is exact); their objects load here. */
export const PaymentCreatePayload: PaymentCreatePayloadResolvers = {
  payment: (record, _, { loaders }) =>
    record.paymentId ? loaders.paymentById.load(record.paymentId) : null,
};
