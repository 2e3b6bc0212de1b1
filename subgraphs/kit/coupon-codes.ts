/**
 * How a coupon reaches an order without the order's owner asking the
 * marketplace: commerce, which issues coupons, gives their holder a signed
 * code; the owner of the order the coupon is applied to (food or commerce)
 * reads its discount from the code, prices the order with it, and names the
 * coupon in the payment request it signs. A code cannot be altered or made up
 * by a client. That a coupon is spent once is decided where the money moves:
 * payments refuses a second payment with the same coupon and frees it when the
 * payment is refunded (subgraphs/payments/data/payments.ts).
 */
import jwt from 'jsonwebtoken';
import { hmacKey, verifyHs256 } from '../../lib/secret-keys';
import { userError, UserErrors } from './mutations';
import type { ChargedCoupon } from './payment-requests';

const ISSUER = 'commerce';
const AUDIENCE = 'hutong-orders';

export interface CouponGrant {
  couponId: string;
  /** The user who claimed it: the only one who may apply it. */
  holderId: string;
  /** The wallet merchant whose orders it applies to; null: no food or shop order. */
  merchantId: string | null;
  /** Fen taken off an order that reaches `minimumSpend`. */
  discount: number;
  minimumSpend: number;
  validUntil: Date;
}

/** The code of a coupon: valid until the coupon is. */
export function signCouponCode(grant: CouponGrant, secret: string): string {
  return jwt.sign(
    {
      couponId: grant.couponId,
      merchantId: grant.merchantId,
      discount: grant.discount,
      minimumSpend: grant.minimumSpend,
      exp: Math.floor(grant.validUntil.getTime() / 1000),
    },
    hmacKey(secret),
    { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, subject: grant.holderId },
  );
}

export type CouponCodeResult =
  { ok: true; grant: CouponGrant } | { ok: false; reason: 'INVALID' | 'EXPIRED' };

export function verifyCouponCode(code: string, secret: string): CouponCodeResult {
  const verified = verifyHs256(code, secret, { issuer: ISSUER, audience: AUDIENCE });
  if (!verified.ok) return verified;
  const claims = verified.claims;
  const { couponId, merchantId, discount, minimumSpend, sub, exp } = claims;
  if (
    typeof couponId !== 'string' ||
    (merchantId !== null && typeof merchantId !== 'string') ||
    typeof sub !== 'string' ||
    typeof exp !== 'number' ||
    !Number.isSafeInteger(discount) ||
    discount <= 0 ||
    !Number.isSafeInteger(minimumSpend) ||
    minimumSpend < 0
  ) {
    return { ok: false, reason: 'INVALID' };
  }
  return {
    ok: true,
    grant: {
      couponId,
      holderId: sub,
      merchantId,
      discount,
      minimumSpend,
      validUntil: new Date(exp * 1000),
    },
  };
}

/** What a coupon takes off an order: named in the payment request its owner signs. */
export type AppliedCoupon = ChargedCoupon;

/** The coupon an order was placed with, as its row keeps it; undefined without one. */
export function appliedCouponOf(order: {
  coupon_id: string | null;
  coupon_discount: number;
  coupon_valid_until: Date | null;
}): AppliedCoupon | undefined {
  return order.coupon_id && order.coupon_valid_until
    ? {
        couponId: order.coupon_id,
        discount: order.coupon_discount,
        validUntil: order.coupon_valid_until,
      }
    : undefined;
}

const COUPON_FIELD = ['input', 'couponCode'];

/** The order a coupon is applied to, as its owner prices it. */
export interface CouponTarget {
  /** Who places the order: the coupon's holder or nobody. */
  holderId: string;
  /** The wallet merchant the order is paid to, if it can be paid yet. */
  merchantId: string | null;
  /** What the items come to: the minimum spend is theirs. */
  spend: number;
  /** The order's price before the coupon (the items and any fee). */
  price: number;
}

/**
 * The coupon `code` applied to `order`: its discount, less where it would
 * leave nothing to pay (an order costs at least one fen). Throws the user
 * error that says why it cannot apply.
 */
export function applyCoupon(code: string, order: CouponTarget, secret: string): AppliedCoupon {
  const verified = verifyCouponCode(code, secret);
  if (!verified.ok) {
    throw new UserErrors([
      verified.reason === 'EXPIRED'
        ? userError('COUPON_EXPIRED', 'This coupon has expired', COUPON_FIELD)
        : userError(
            'COUPON_INVALID',
            'This is not a coupon code the marketplace issued',
            COUPON_FIELD,
          ),
    ]);
  }
  const { grant } = verified;
  if (grant.holderId !== order.holderId) {
    throw new UserErrors([
      userError('COUPON_NOT_YOURS', 'This coupon was claimed by another user', COUPON_FIELD),
    ]);
  }
  if (grant.merchantId === null || grant.merchantId !== order.merchantId) {
    throw new UserErrors([
      userError(
        'COUPON_WRONG_MERCHANT',
        "This coupon does not apply to this merchant's orders",
        COUPON_FIELD,
      ),
    ]);
  }
  if (order.spend < grant.minimumSpend) {
    throw new UserErrors([
      userError(
        'COUPON_MINIMUM_SPEND',
        `This coupon applies from ${grant.minimumSpend} fen of items; the order has ${order.spend}`,
        COUPON_FIELD,
      ),
    ]);
  }
  const discount = Math.min(grant.discount, order.price - 1);
  if (discount <= 0) {
    throw new UserErrors([
      userError(
        'COUPON_MINIMUM_SPEND',
        'The order is too small to take anything off',
        COUPON_FIELD,
      ),
    ]);
  }
  return { couponId: grant.couponId, discount, validUntil: grant.validUntil };
}
