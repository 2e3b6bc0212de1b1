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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The rule for a member who cancels mid-period: the fee is cut pro rata to the
 * whole days of the period that had begun (at least one, at most all), and the
 * usual min(fee, benefits) applies to that cut fee.
 */
export function cancellationCharge(
  membership: { fee: number; periodStart: Date; periodEnd: Date; benefitsEnjoyed: number },
  cancelledAt: Date,
): number {
  const periodDays = Math.round(
    (membership.periodEnd.getTime() - membership.periodStart.getTime()) / DAY_MS,
  );
  const daysBegun = Math.ceil((cancelledAt.getTime() - membership.periodStart.getTime()) / DAY_MS);
  const days = Math.min(Math.max(daysBegun, 1), periodDays);
  const proRataFee = Math.max(1, Math.floor((membership.fee * days) / periodDays));
  return settlementCharge(proRataFee, membership.benefitsEnjoyed);
}

/** The member discount on an order: whole fen, rounded down, always less than the order. */
export function memberDiscount(amount: number, discountPercent: number): number {
  return Math.min(Math.floor((amount * discountPercent) / 100), amount - 1);
}
