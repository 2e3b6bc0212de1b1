/**
 * How an order's amount reaches payments without passing through a client's
 * hands unguarded: the subgraph that owns the order (food, commerce) prices it
 * and signs a short-lived payment request; the client hands that request to
 * `paymentCreate`, and payments verifies the owner's signature before moving
 * money. Changing any byte of the amount breaks the signature. Refunds work
 * the same way, signed by the owner when it agrees an order may be refunded.
 * Placing and paying need no call between subgraphs: an order can be placed
 * while payments is down and paid when it is back (a cancel closes an order
 * offered for payment at the wallet: subgraphs/kit/wallet-closure.ts).
 */
import jwt from 'jsonwebtoken';
import { hmacKey, verifyHs256 } from '../../lib/secret-keys';
import { ORDER_OWNERS, type OrderOwner } from './config';

const AUDIENCE = 'hutong-payments';

export interface ChargeRequest {
  /** The owner's order, e.g. `food:fo-123`; each can be paid once. */
  orderRef: string;
  payerId: string;
  merchantId: string;
  /** What the owner charges, in fen, before any member discount (after the coupon's). */
  amount: number;
  description: string;
  /** The coupon the owner priced into `amount`: spent by this payment, once. */
  coupon?: ChargedCoupon | undefined;
}

export interface ChargedCoupon {
  couponId: string;
  /** Fen the coupon took off the owner's price. */
  discount: number;
  validUntil: Date;
}

export interface RefundRequest {
  orderRef: string;
}

type Purpose = 'charge' | 'refund';

function sign(
  owner: OrderOwner,
  purpose: Purpose,
  claims: object,
  secret: string,
  expiresIn: string | number,
) {
  return jwt.sign({ ...claims, purpose }, hmacKey(secret), {
    algorithm: 'HS256',
    issuer: owner,
    audience: AUDIENCE,
    expiresIn: expiresIn as NonNullable<jwt.SignOptions['expiresIn']>,
  });
}

export function signChargeRequest(
  owner: OrderOwner,
  request: ChargeRequest,
  secret: string,
  /** A duration ('30m') or seconds. */
  expiresIn: string | number = '30m',
): string {
  const { coupon, ...claims } = request;
  return sign(
    owner,
    'charge',
    coupon
      ? {
          ...claims,
          coupon: {
            id: coupon.couponId,
            discount: coupon.discount,
            validUntil: Math.floor(coupon.validUntil.getTime() / 1000),
          },
        }
      : claims,
    secret,
    expiresIn,
  );
}

/** The signed `coupon` claim, if it is one; `false` for a malformed claim. */
function chargedCoupon(claim: unknown): ChargedCoupon | undefined | false {
  if (claim === undefined) return undefined;
  const { id, discount, validUntil } = (claim ?? {}) as Record<string, unknown>;
  if (
    typeof id !== 'string' ||
    !Number.isSafeInteger(discount) ||
    (discount as number) <= 0 ||
    typeof validUntil !== 'number'
  )
    return false;
  return { couponId: id, discount: discount as number, validUntil: new Date(validUntil * 1000) };
}

export function signRefundRequest(
  owner: OrderOwner,
  request: RefundRequest,
  secret: string,
  expiresIn = '30m',
): string {
  return sign(owner, 'refund', request, secret, expiresIn);
}

export type VerifyResult<T> =
  { ok: true; owner: OrderOwner; request: T } | { ok: false; reason: 'INVALID' | 'EXPIRED' };

function verify(token: string, purpose: Purpose, secrets: Record<OrderOwner, string>) {
  const unverified = jwt.decode(token, { json: true });
  const owner = ORDER_OWNERS.find((o) => o === unverified?.iss);
  if (!owner) return { ok: false as const, reason: 'INVALID' as const };
  const verified = verifyHs256(token, secrets[owner], { issuer: owner, audience: AUDIENCE });
  if (!verified.ok) return verified;
  if (verified.claims.purpose !== purpose)
    return { ok: false as const, reason: 'INVALID' as const };
  return { ok: true as const, owner, claims: verified.claims };
}

export function verifyChargeRequest(
  token: string,
  secrets: Record<OrderOwner, string>,
): VerifyResult<ChargeRequest> {
  const result = verify(token, 'charge', secrets);
  if (!result.ok) return result;
  const { orderRef, payerId, merchantId, amount, description } = result.claims;
  const coupon = chargedCoupon(result.claims.coupon);
  if (
    coupon === false ||
    typeof orderRef !== 'string' ||
    !orderRef.startsWith(`${result.owner}:`) ||
    typeof payerId !== 'string' ||
    typeof merchantId !== 'string' ||
    typeof description !== 'string' ||
    !Number.isSafeInteger(amount) ||
    amount <= 0
  ) {
    return { ok: false, reason: 'INVALID' };
  }
  return {
    ok: true,
    owner: result.owner,
    request: { orderRef, payerId, merchantId, amount, description, coupon },
  };
}

export function verifyRefundRequest(
  token: string,
  secrets: Record<OrderOwner, string>,
): VerifyResult<RefundRequest> {
  const result = verify(token, 'refund', secrets);
  if (!result.ok) return result;
  const { orderRef } = result.claims;
  if (typeof orderRef !== 'string' || !orderRef.startsWith(`${result.owner}:`)) {
    return { ok: false, reason: 'INVALID' };
  }
  return { ok: true, owner: result.owner, request: { orderRef } };
}
