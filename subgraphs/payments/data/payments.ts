import type { SqlClient } from '../../kit/database';
import { isUniqueViolation } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';
import type { ChargeRequest } from '../../kit/payment-requests';
import { memberDiscount } from '../settlement';
import {
  InsufficientFunds,
  merchantAccount,
  newId,
  openAccounts,
  postTransaction,
  walletAccount,
} from './ledger';
import { chargedFor, PAYMENT_COLUMNS, type PaymentCreatePayloadRow, type PaymentRow } from './rows';

/**
 * Serialises, per order, everything that decides whether it is paid: a
 * payment, the owner's close and a refund take this lock first (for the rest
 * of their transaction), so a payment racing a cancel either sees the close
 * and is refused, or is committed before the close looks and is refunded by it.
 */
async function lockOrder(tx: SqlClient, orderRef: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [orderRef]);
}

async function isClosed(tx: SqlClient, orderRef: string): Promise<boolean> {
  const closed = await tx.query('SELECT 1 FROM closed_orders WHERE order_ref = $1', [orderRef]);
  return closed.length > 0;
}

/**
 * Pays an order the owner priced, unless the owner has called it off. The
 * merchant's member-tier offer for the payer's wallet tier comes off first (the
 * offer `Store.memberOffer` shows, read from the same view); then the light
 * membership's discount, on what is left, if the payer holds the merchant's
 * running membership, recorded as a benefit enjoyed. The wallet pays the rest
 * to the merchant, at least one fen — all in the caller's transaction.
 */
export async function payOrder(
  tx: SqlClient,
  payerId: string,
  request: ChargeRequest,
): Promise<PaymentCreatePayloadRow> {
  if (request.payerId !== payerId) {
    throw new UserErrors([
      userError('PAYER_MISMATCH', 'This payment request was issued to another user', [
        'paymentRequest',
      ]),
    ]);
  }
  await lockOrder(tx, request.orderRef);
  // A payment request signed before a cancel stays valid for its 30 minutes; the close does not.
  if (await isClosed(tx, request.orderRef)) {
    throw new UserErrors([
      userError(
        'ORDER_NOT_PAYABLE',
        'The order was cancelled, or not paid in time and released; it can no longer be paid',
        ['paymentRequest'],
      ),
    ]);
  }
  const [merchant] = await tx.query('SELECT id FROM merchants WHERE id = $1', [request.merchantId]);
  if (!merchant) {
    throw new UserErrors([
      userError('UNKNOWN_MERCHANT', 'The merchant cannot take payments', ['paymentRequest']),
    ]);
  }

  const [membership] = await tx.query<{ id: string; discount_percent: number }>(
    `SELECT lm.id, p.discount_percent
       FROM light_memberships lm JOIN membership_programmes p ON p.merchant_id = lm.merchant_id
      WHERE lm.user_id = $1 AND lm.merchant_id = $2 AND lm.status = 'ACTIVE'
        AND lm.period_start <= now() AND lm.period_end > now()
      FOR UPDATE OF lm`,
    [payerId, request.merchantId],
  );
  const [tierOffer] = await tx.query<{ discount_percent: number }>(
    'SELECT discount_percent FROM member_offers WHERE user_id = $1 AND merchant_id = $2',
    [payerId, request.merchantId],
  );
  const tierDiscount = tierOffer ? memberDiscount(request.amount, tierOffer.discount_percent) : 0;
  const discount = membership
    ? memberDiscount(request.amount - tierDiscount, membership.discount_percent)
    : 0;

  const { coupon } = request;
  if (coupon && coupon.validUntil.getTime() <= Date.now()) {
    throw new UserErrors([
      userError(
        'COUPON_EXPIRED',
        'The coupon this order was priced with has expired: order again without it',
        ['paymentRequest'],
      ),
    ]);
  }

  const paymentId = newId('pay');
  try {
    // The payment row comes first: its unique order_ref makes a second payment
    // of the same order wait here and then fail, before any money moves, and
    // its coupon a payment of another order with the same coupon.
    await tx.query(
      `INSERT INTO payments (id, order_ref, payer_id, merchant_id, amount, tier_discount, discount, light_membership_id, description, status, coupon_id, coupon_discount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'SUCCEEDED', $10, $11)`,
      [
        paymentId,
        request.orderRef,
        payerId,
        request.merchantId,
        request.amount,
        tierDiscount,
        discount,
        membership && discount > 0 ? membership.id : null,
        request.description,
        coupon?.couponId ?? null,
        coupon?.discount ?? 0,
      ],
    );
  } catch (error) {
    if (isUniqueViolation(error, 'payments_spend_a_coupon_once')) {
      throw new UserErrors([
        userError(
          'COUPON_ALREADY_USED',
          'The coupon this order was priced with paid another order: cancel this one and order again without it',
          ['paymentRequest'],
        ),
      ]);
    }
    if (isUniqueViolation(error)) {
      throw new UserErrors([userError('ALREADY_PAID', 'This order has already been paid')]);
    }
    throw error;
  }

  if (membership && discount > 0) {
    await tx.query(
      'UPDATE light_memberships SET benefits_enjoyed = benefits_enjoyed + $2 WHERE id = $1',
      [membership.id, discount],
    );
  }
  await openAccounts(tx, [
    { id: walletAccount(payerId), kind: 'USER_WALLET', ownerId: payerId },
    { id: merchantAccount(request.merchantId), kind: 'MERCHANT', ownerId: request.merchantId },
  ]);
  const charged = chargedFor({ amount: request.amount, tier_discount: tierDiscount, discount });
  try {
    await postTransaction(tx, {
      kind: 'PAYMENT',
      reference: request.orderRef,
      postings: [
        { accountId: walletAccount(payerId), amount: -charged },
        { accountId: merchantAccount(request.merchantId), amount: charged },
      ],
    });
  } catch (error) {
    if (error instanceof InsufficientFunds) {
      throw new UserErrors([
        userError('INSUFFICIENT_BALANCE', `The wallet balance does not cover ${charged} fen`),
      ]);
    }
    throw error;
  }
  return { paymentId, userErrors: [] };
}

/**
 * Reverses a payment's ledger entries and, while the membership period it
 * was enjoyed in is still running, the benefit it recorded. (A benefit in a
 * period already settled stays: that settlement is final.) The caller holds
 * the order's lock and the payment's row.
 */
async function reversePayment(tx: SqlClient, payment: PaymentRow): Promise<void> {
  const charged = chargedFor(payment);
  await postTransaction(tx, {
    kind: 'REFUND',
    reference: payment.order_ref,
    postings: [
      { accountId: merchantAccount(payment.merchant_id), amount: -charged },
      { accountId: walletAccount(payment.payer_id), amount: charged },
    ],
  });
  if (payment.light_membership_id && payment.discount > 0) {
    await tx.query(
      `UPDATE light_memberships SET benefits_enjoyed = GREATEST(0, benefits_enjoyed - $2)
        WHERE id = $1 AND status = 'ACTIVE' AND period_start <= $3 AND period_end > $3`,
      [payment.light_membership_id, payment.discount, payment.created_at],
    );
  }
  await tx.query("UPDATE payments SET status = 'REFUNDED', refunded_at = now() WHERE id = $1", [
    payment.id,
  ]);
}

async function lockedPayment(tx: SqlClient, orderRef: string): Promise<PaymentRow | undefined> {
  const [payment] = await tx.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_ref = $1 FOR UPDATE`,
    [orderRef],
  );
  return payment;
}

/** Refunds an order's payment on its owner's refund request, and closes the order. */
export async function refundOrder(
  tx: SqlClient,
  orderRef: string,
): Promise<PaymentCreatePayloadRow> {
  await lockOrder(tx, orderRef);
  const payment = await lockedPayment(tx, orderRef);
  if (!payment) throw new UserErrors([userError('NOT_PAID', 'This order has not been paid')]);
  if (payment.status === 'REFUNDED') {
    throw new UserErrors([userError('ALREADY_REFUNDED', 'This payment has already been refunded')]);
  }
  await tx.query('INSERT INTO closed_orders (order_ref) VALUES ($1) ON CONFLICT DO NOTHING', [
    orderRef,
  ]);
  await reversePayment(tx, payment);
  return { paymentId: payment.id, userErrors: [] };
}

/**
 * The owner has called the order off (its signed refund request says so):
 * from now on it is never paid, and a payment that got in first is refunded,
 * exactly once however many views and refund requests race here. Answers
 * whether this call closed it.
 */
export async function closeOrder(tx: SqlClient, orderRef: string): Promise<boolean> {
  await lockOrder(tx, orderRef);
  const closed = await tx.query(
    'INSERT INTO closed_orders (order_ref) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1',
    [orderRef],
  );
  if (closed.length === 0) return false;
  const payment = await lockedPayment(tx, orderRef);
  if (payment?.status === 'SUCCEEDED') await reversePayment(tx, payment);
  return true;
}

/**
 * The owner releases an order nobody paid in time: it is closed, unless a
 * payment for it stands, which the owner is told instead so that it keeps the
 * order. Under the order's lock, so a payment racing the release either
 * comes first (and the order is kept) or finds the order closed. Closing an
 * order already closed answers CLOSED again: the owner may ask twice when it
 * failed after the first answer.
 */
export async function closeUnpaidOrder(
  tx: SqlClient,
  orderRef: string,
): Promise<'CLOSED' | 'PAID'> {
  await lockOrder(tx, orderRef);
  const payment = await lockedPayment(tx, orderRef);
  if (payment?.status === 'SUCCEEDED') return 'PAID';
  await tx.query('INSERT INTO closed_orders (order_ref) VALUES ($1) ON CONFLICT DO NOTHING', [
    orderRef,
  ]);
  return 'CLOSED';
}
