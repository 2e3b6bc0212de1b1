/**
 * Coupon codes as the order owners read them: only what commerce signed, for
 * its holder and merchant, from its minimum spend, and never more off than
 * leaves one fen to pay.
 */
import jwt from 'jsonwebtoken';
import {
  applyCoupon,
  signCouponCode,
  verifyCouponCode,
  type CouponGrant,
} from '../../../subgraphs/kit/coupon-codes';
import { UserErrors } from '../../../subgraphs/kit/mutations';

const SECRET = 'coupon-codes-unit-test-secret-0123456789';
const grant: CouponGrant = {
  couponId: 'cp-1',
  holderId: 'demo',
  merchantId: 'm-kfc',
  discount: 1000,
  minimumSpend: 5000,
  validUntil: new Date(Date.now() + 3_600_000),
};
const order = { holderId: 'demo', merchantId: 'm-kfc', spend: 5000, price: 5900 };

function refusal(apply: () => unknown): string | undefined {
  try {
    apply();
  } catch (error) {
    if (error instanceof UserErrors) return error.userErrors[0]?.code;
    throw error;
  }
  return undefined;
}

describe('coupon codes', () => {
  it('reads back what commerce signed, to the second of its validity', () => {
    const verified = verifyCouponCode(signCouponCode(grant, SECRET), SECRET);
    expect(verified).toEqual({
      ok: true,
      grant: {
        ...grant,
        validUntil: new Date(Math.floor(grant.validUntil.getTime() / 1000) * 1000),
      },
    });
  });

  it('refuses a code whose discount a client raised', () => {
    const [header, , signature] = signCouponCode(grant, SECRET).split('.');
    const raised = Buffer.from(
      JSON.stringify({ ...(jwt.decode(signCouponCode(grant, SECRET)) as object), discount: 9000 }),
    ).toString('base64url');
    expect(verifyCouponCode(`${header}.${raised}.${signature}`, SECRET)).toEqual({
      ok: false,
      reason: 'INVALID',
    });
  });

  it('refuses a signed code whose claims are not a coupon', () => {
    expect(verifyCouponCode(signCouponCode({ ...grant, discount: 0 }, SECRET), SECRET).ok).toBe(
      false,
    );
  });

  it('applies from exactly the minimum spend, and refuses one fen below', () => {
    const code = signCouponCode(grant, SECRET);
    expect(applyCoupon(code, order, SECRET)).toMatchObject({ couponId: 'cp-1', discount: 1000 });
    expect(refusal(() => applyCoupon(code, { ...order, spend: 4999 }, SECRET))).toBe(
      'COUPON_MINIMUM_SPEND',
    );
  });

  it('takes off at most all but one fen of the price, and nothing from a one-fen order', () => {
    const code = signCouponCode({ ...grant, minimumSpend: 0 }, SECRET);
    expect(applyCoupon(code, { ...order, spend: 800, price: 800 }, SECRET).discount).toBe(799);
    expect(applyCoupon(code, { ...order, spend: 1001, price: 1001 }, SECRET).discount).toBe(1000);
    expect(refusal(() => applyCoupon(code, { ...order, spend: 1, price: 1 }, SECRET))).toBe(
      'COUPON_MINIMUM_SPEND',
    );
  });
});
