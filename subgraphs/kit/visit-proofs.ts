/**
 * What makes a visit count for the traffic pledge: the proof a real visit
 * leaves, a payment at the merchant. Ten throwaway accounts could each say
 * they visited; none of them paid. Payments signs a proof for the payer of
 * each payment that stands (`Payment.visitProof`); the client hands it to
 * `merchantVisitRecord`, and social, which counts visits, checks it without
 * asking the wallet. The proof names the visitor, the merchant, the payment
 * and the Asia/Shanghai day of the payment, the day the visit counts on; it
 * can be handed over for a day after the payment.
 */
import jwt from 'jsonwebtoken';
import { hmacKey, verifyHs256 } from '../../lib/secret-keys';
import { shanghaiDay } from './time';

const ISSUER = 'payments';
const AUDIENCE = 'hutong-visits';

/** How long after the payment its proof may be handed over. */
export const VISIT_PROOF_LIFETIME_SECONDS = 24 * 60 * 60;

export interface VisitProof {
  visitorId: string;
  merchantId: string;
  paymentId: string;
  /** The Asia/Shanghai date of the payment, YYYY-MM-DD: the visit's day. */
  visitDay: string;
}

export function signVisitProof(
  payment: { payerId: string; merchantId: string; paymentId: string; paidAt: Date },
  secret: string,
): string {
  return jwt.sign(
    {
      merchantId: payment.merchantId,
      paymentId: payment.paymentId,
      visitDay: shanghaiDay(payment.paidAt).date,
      iat: Math.floor(payment.paidAt.getTime() / 1000),
    },
    hmacKey(secret),
    {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: payment.payerId,
      expiresIn: VISIT_PROOF_LIFETIME_SECONDS,
    },
  );
}

export type VisitProofResult =
  { ok: true; proof: VisitProof } | { ok: false; reason: 'INVALID' | 'EXPIRED' };

export function verifyVisitProof(token: string, secret: string): VisitProofResult {
  const verified = verifyHs256(token, secret, { issuer: ISSUER, audience: AUDIENCE });
  if (!verified.ok) return verified;
  const { sub, merchantId, paymentId, visitDay } = verified.claims;
  if (
    typeof sub !== 'string' ||
    typeof merchantId !== 'string' ||
    typeof paymentId !== 'string' ||
    typeof visitDay !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(visitDay)
  ) {
    return { ok: false, reason: 'INVALID' };
  }
  return { ok: true, proof: { visitorId: sub, merchantId, paymentId, visitDay } };
}
