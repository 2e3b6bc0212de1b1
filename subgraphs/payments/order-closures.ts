import type { FastifyInstance } from 'fastify';
import { sendGraphQLError } from '../../lib/http';
import { REQUEST_ID_HEADER } from '../../lib/identity';
import type { SubgraphRoutes } from '../kit/subgraph';
import { verifyRefundRequest } from '../kit/payment-requests';
import { ORDER_CLOSURES_PATH } from '../kit/wallet-closure';
import { closeOrder, closeUnpaidOrder } from './data/payments';

/**
 * `POST /order-closures {"refundRequest": "..."}`: an order's owner closes it
 * as it cancels it (subgraphs/kit/wallet-closure.ts says why). From then on the order is
 * never paid, and a payment that got in first is refunded, once. The owner's
 * signed refund request is the call's only authority, as it is when the
 * gateway brings it to `payment`: it closes that one order and nothing else,
 * and closing an order twice does nothing more.
 *
 * With `"unlessPaid": true` the owner releases an order whose reservation ran
 * out: it is closed only if no payment for it stands, and the answer says
 * which (`closed`, or `paid` for the owner to keep the order).
 */
export const orderClosures: SubgraphRoutes = (app: FastifyInstance, { db, config, log }) => {
  app.post(ORDER_CLOSURES_PATH, async (request, reply) => {
    const requestId = String(request.headers[REQUEST_ID_HEADER] ?? '') || undefined;
    const body = request.body as { refundRequest?: unknown; unlessPaid?: unknown } | null;
    const given = body?.refundRequest;
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
    if (body?.unlessPaid === true) {
      const outcome = await db.transaction((tx) => closeUnpaidOrder(tx, orderRef));
      log.info({ requestId, orderRef, outcome }, 'released an unpaid order at its owner’s request');
      return { orderRef, closed: outcome === 'CLOSED', paid: outcome === 'PAID' };
    }
    const newlyClosed = await db.transaction((tx) => closeOrder(tx, orderRef));
    log.info({ requestId, orderRef, newlyClosed }, 'closed an order at its owner’s request');
    return { orderRef, closed: true };
  });
};
