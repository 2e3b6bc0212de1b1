/**
 * An order owner (food, commerce) closes an order at the wallet in the same
 * transaction in which it cancels it: the one place where a subgraph calls
 * another on a request's path, and why.
 *
 * A payment request the owner signed stays valid for its 30 minutes, and only
 * the wallet can refuse it. Told of a cancel later — by the gateway bringing the
 * owner's refund request along when someone reads the order's payment — the
 * wallet learns nothing when the client does not ask for the payment or the
 * wallet cannot answer at that moment, and the cancelled order is paid (it was,
 * in both ways). So the owner tells the wallet itself, before its cancel commits:
 * the wallet closes the order (refunding a payment that got in first) under the
 * lock its payments take, so of a cancel and a payment racing one waits for the
 * other, and the order ends cancelled and never paid, or paid and refunded. When
 * the wallet cannot be reached the cancel is refused and the order unchanged:
 * better than a cancelled order the wallet would still take money for.
 *
 * Only orders offered for payment (a payment request was signed) are closed so;
 * one never offered cannot have been paid, and after a cancel no request is
 * signed. The call carries the owner's signed refund request, which is its only
 * authority: the wallet closes nothing else with it.
 */
import { request } from 'undici';
import { REQUEST_ID_HEADER } from '../../lib/identity';
import type { Logger } from '../../lib/logger';
import type { OrderOwner, SubgraphConfig } from './config';
import type { SqlClient } from './database';
import { userError, UserErrors } from './mutations';
import { signRefundRequest } from './payment-requests';

/**
 * Marks an order of the owner's `ordersTable` offered for payment, unless it is
 * cancelled or released: whether a payment request may be signed for it. One
 * statement, so a cancel or a release racing it either comes first (nothing is
 * signed) or sees the order offered and closes it at the wallet.
 */
export async function offerForPayment(
  db: SqlClient,
  ordersTable: keyof typeof PAYABLE,
  orderId: string,
): Promise<boolean> {
  const offered = await db.query(
    `UPDATE ${ordersTable} SET payment_offered = true
      WHERE id = $1 AND ${PAYABLE[ordersTable]} RETURNING 1`,
    [orderId],
  );
  return offered.length > 0;
}

/** Which orders may still be paid: a shop order only while its reservation holds. */
const PAYABLE = {
  food_orders: "status <> 'CANCELLED'",
  shop_orders: "status = 'PLACED' AND (reserved_until IS NULL OR reserved_until > now())",
} as const;

/** Where the wallet closes orders, beside its GraphQL endpoint. */
export const ORDER_CLOSURES_PATH = '/order-closures';

/** The refund request of a closure lives only as long as the call. */
const CLOSURE_REQUEST_LIFETIME = '1m';

/** A cancel waits this long for the wallet before it is refused: below the gateway's 5 s for a fetch. */
const WALLET_TIMEOUT_MS = 4000;

export async function closeAtWallet(
  context: WalletCallContext,
  owner: OrderOwner,
  orderRef: string,
): Promise<void> {
  const answer = await askWallet(context, owner, orderRef, {});
  if (answer?.closed === true) return;
  throw new UserErrors([
    userError(
      'WALLET_UNAVAILABLE',
      'The wallet cannot confirm right now that this order will not be paid; it is unchanged: try again shortly',
    ),
  ]);
}

/**
 * Releases an order whose reservation ran out (subgraphs/commerce/reservations.ts): the
 * wallet closes it unless a payment for it stands. Answers which, or null
 * when the wallet could not say; the order must then be left as it is.
 */
export async function releaseAtWallet(
  context: WalletCallContext,
  owner: OrderOwner,
  orderRef: string,
): Promise<'CLOSED' | 'PAID' | null> {
  const answer = await askWallet(context, owner, orderRef, { unlessPaid: true });
  if (answer?.closed === true) return 'CLOSED';
  if (answer?.paid === true) return 'PAID';
  return null;
}

export interface WalletCallContext {
  config: SubgraphConfig;
  requestId: string;
  log: Logger;
}

/** The wallet's own answer about `orderRef`, or null when it gave none. */
async function askWallet(
  context: WalletCallContext,
  owner: OrderOwner,
  orderRef: string,
  options: { unlessPaid?: true },
): Promise<{ closed?: unknown; paid?: unknown } | null> {
  const { config, requestId, log } = context;
  const refundRequest = signRefundRequest(
    owner,
    { orderRef },
    config.paymentRequestSecrets[owner],
    CLOSURE_REQUEST_LIFETIME,
  );
  try {
    const answer = await request(new URL(ORDER_CLOSURES_PATH, config.paymentsUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId },
      body: JSON.stringify({ refundRequest, ...options }),
      headersTimeout: WALLET_TIMEOUT_MS,
      bodyTimeout: WALLET_TIMEOUT_MS,
    });
    const text = await answer.body.text();
    // Only the wallet's own word counts: a proxy's 200 page is no closure.
    const parsed = answer.statusCode === 200 ? answerAbout(text, orderRef) : null;
    if (parsed) return parsed;
    log.warn({ status: answer.statusCode, orderRef }, 'the wallet did not close an order');
  } catch (error) {
    log.warn({ err: error, orderRef }, 'the wallet could not be reached to close an order');
  }
  return null;
}

function answerAbout(text: string, orderRef: string): { closed?: unknown; paid?: unknown } | null {
  try {
    const answer = JSON.parse(text) as { orderRef?: unknown; closed?: unknown; paid?: unknown };
    return answer.orderRef === orderRef ? answer : null;
  } catch {
    return null;
  }
}
