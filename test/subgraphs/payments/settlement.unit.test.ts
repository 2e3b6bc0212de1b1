import {
  cancellationCharge,
  memberDiscount,
  settlementCharge,
} from '../../../subgraphs/payments/settlement';

describe('light membership settlement: min(fee, benefits enjoyed)', () => {
  it('charges nothing to a member who saved nothing', () => {
    expect(settlementCharge(1500, 0)).toBe(0);
  });
  it('charges only the discounts when they fall short of the fee', () => {
    expect(settlementCharge(1500, 1240)).toBe(1240);
  });
  it('charges the fee when the discounts reach it exactly', () => {
    expect(settlementCharge(1500, 1500)).toBe(1500);
  });
  it('never charges more than the fee', () => {
    expect(settlementCharge(1000, 1800)).toBe(1000);
  });
  it('refuses amounts that are not whole fen', () => {
    expect(() => settlementCharge(0, 10)).toThrow(RangeError);
    expect(() => settlementCharge(1500, -1)).toThrow(RangeError);
    expect(() => settlementCharge(1500, 0.5)).toThrow(RangeError);
  });
});

describe('cancelling mid-period: the fee cut pro rata to the days begun', () => {
  const periodStart = new Date('2026-11-01T00:00:00Z');
  const periodEnd = new Date('2026-12-01T00:00:00Z');
  const membership = (benefitsEnjoyed: number) => ({
    fee: 3000,
    periodStart,
    periodEnd,
    benefitsEnjoyed,
  });

  it('counts the first hour as a whole day', () => {
    expect(cancellationCharge(membership(5000), new Date('2026-11-01T01:00:00Z'))).toBe(100);
  });
  it('charges the benefits when they are below the cut fee', () => {
    expect(cancellationCharge(membership(400), new Date('2026-11-10T12:00:00Z'))).toBe(400);
  });
  it('charges the cut fee when the benefits exceed it', () => {
    expect(cancellationCharge(membership(5000), new Date('2026-11-10T12:00:00Z'))).toBe(1000);
  });
  it('never charges more than the whole fee', () => {
    expect(cancellationCharge(membership(5000), new Date('2026-12-05T00:00:00Z'))).toBe(3000);
  });
});

describe('member discount', () => {
  it('rounds down to whole fen', () => {
    expect(memberDiscount(1999, 10)).toBe(199);
  });
  it('always leaves something to pay', () => {
    expect(memberDiscount(1, 90)).toBe(0);
    expect(memberDiscount(100, 100)).toBe(99);
  });
});
