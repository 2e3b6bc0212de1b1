/**
 * Light membership, "enjoy first, pay later": at the end of a period the wallet
 * charges the membership fee if the member's discounts reached it, and only the
 * discounts otherwise. A member who saved nothing pays nothing.
 */
export function settlementCharge(fee: number, benefitsEnjoyed: number): number {
  if (!Number.isSafeInteger(fee) || fee <= 0)
    throw new RangeError('fee must be a positive integer');
  if (!Number.isSafeInteger(benefitsEnjoyed) || benefitsEnjoyed < 0) {
    throw new RangeError('benefits enjoyed must be a non-negative integer');
  }
  return Math.min(fee, benefitsEnjoyed);
}
