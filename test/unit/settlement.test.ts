import { settlementCharge } from '../../subgraphs/payments/settlement';

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
