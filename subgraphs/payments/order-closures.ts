import type { FastifyInstance } from 'fastify';
import { sendGraphQLError } from '../../lib/http';
import { REQUEST_ID_HEADER } from '../../lib/identity';
import type { SubgraphRoutes } from '../kit/subgraph';
import { verifyRefundRequest } from '../kit/payment-requests';
import { ORDER_CLOSURES_PATH } from '../kit/wallet-closure';
import { closeOrder } from './data/payments';

/**
 * `POST /order-closures {"refundRequest": "..."}`: an order's owner closes it
 * as it cancels it (subgraphs/kit/wallet-closure.ts says why). From then on the order is
 * never paid, and a payment that got in first is refunded, once. The owner's
 * signed refund request is the call's only authority, as it is when the
 * gateway brings it to `payment`: it closes that one order and nothing else,
 * and closing an order twice does nothing more.
 */
export const orderClosures: SubgraphRoutes = (app: FastifyInstance, { db, config, log }) => {
  app.post(ORDER_CLOSURES_PATH, async (request, reply) => {
    const requestId = String(request.headers[REQUEST_ID_HEADER] ?? '') || undefined;
    const given = (request.body as { refundRequest?: unknown } | null)?.refundRequest;
    const verified =
      typeof given === 'string'
        ? verifyRefundRequest(given, config.paymentRequestSecrets)
        : ({ ok: false, reason: 'INVALID' } as const);
    if (!verified.ok) {
      log.warn({ requestId, reason: verified.reason }, 'refused an order closure');
      return sendGraphQLError(reply, {
        status: 401,
        code: 'UNAUTHENTICATED',
        message: "An order is closed only on its owner's signed refund request",
        requestId,
      });
    }
    const { orderRef } = verified.request;
    const newlyClosed = await db.transaction((tx) => closeOrder(tx, orderRef));
    log.info({ requestId, orderRef, newlyClosed }, 'closed an order at its owner’s request');
    return { orderRef, closed: true };
  });
};
