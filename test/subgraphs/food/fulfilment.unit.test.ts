import {
  checkFulfilmentFields,
  checkPickupTime,
  checkTableNumber,
  modeList,
  modesOf,
  PICKUP_HORIZON_HOURS,
} from '../../../subgraphs/food/fulfilment';

/** An instant at a Shanghai wall-clock time on 21 November 2026 (UTC+8). */
const shanghai = (time: string) => new Date(`2026-11-21T${time}+08:00`);
const MINUTE = 60_000;
const later = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTE);

describe('how an order is served', () => {
  it('lists the modes a kitchen serves in the enum order, as a sentence', () => {
    const kitchen = { offers_delivery: true, offers_pickup: false, offers_dine_in: true };
    expect(modesOf(kitchen)).toEqual(['DELIVERY', 'DINE_IN']);
    expect(modeList(['DELIVERY', 'DINE_IN'])).toBe('DELIVERY and DINE_IN');
    expect(modeList(['DELIVERY', 'PICKUP', 'DINE_IN'])).toBe('DELIVERY, PICKUP and DINE_IN');
    expect(modeList(['PICKUP'])).toBe('PICKUP');
  });

  it.each([
    [{ fulfilment: 'DELIVERY' }, 'deliverTo'],
    [{ fulfilment: 'DELIVERY', deliverTo: null }, 'deliverTo'],
    [{ fulfilment: 'DINE_IN' }, 'tableNumber'],
    [{ fulfilment: 'PICKUP', deliverTo: { lat: 30, lng: 120 } }, 'deliverTo'],
    [{ fulfilment: 'DINE_IN', tableNumber: 'A1', pickupAt: new Date() }, 'pickupAt'],
    [{ fulfilment: 'PICKUP', tableNumber: 'A1' }, 'tableNumber'],
    [
      { fulfilment: 'DELIVERY', deliverTo: { lat: 30, lng: 120 }, tableNumber: 'A1' },
      'tableNumber',
    ],
  ] as const)('refuses %j with BAD_USER_INPUT naming %s', (input, argument) => {
    expect(() => checkFulfilmentFields(input)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument } }),
    );
  });

  it('takes the fields each mode needs', () => {
    expect(() =>
      checkFulfilmentFields({ fulfilment: 'DELIVERY', deliverTo: { lat: 30, lng: 120 } }),
    ).not.toThrow();
    expect(() => checkFulfilmentFields({ fulfilment: 'PICKUP' })).not.toThrow();
    expect(() =>
      checkFulfilmentFields({ fulfilment: 'PICKUP', pickupAt: new Date(), deliverTo: null }),
    ).not.toThrow();
    expect(() =>
      checkFulfilmentFields({ fulfilment: 'DINE_IN', tableNumber: 'A12' }),
    ).not.toThrow();
  });

  it('takes table labels of 1 to 16 letters or digits, and no other', () => {
    for (const label of ['7', 'A12', 'B2', 'x'.repeat(16), undefined, null])
      expect(checkTableNumber(label)).toEqual([]);
    for (const label of ['', 'x'.repeat(17), 'A-12', 'A 12', '桌12'])
      expect(checkTableNumber(label)).toEqual([
        {
          code: 'INVALID_TABLE_NUMBER',
          message: expect.any(String),
          field: ['input', 'tableNumber'],
        },
      ]);
  });
});

describe('the pickup times a kitchen can keep', () => {
  const lunch = [{ opensAt: '10:30:00', closesAt: '14:00:00' }];
  const now = shanghai('12:00:20');
  // Ready at 12:08:20: the 12:08 slot is the first.
  const readyAt = later(now, 8);
  const codes = (pickupAt: Date, hours = lunch) =>
    checkPickupTime(pickupAt, readyAt, hours, now).map((e) => e.code);

  it('takes the slot of the minute the order is ready in, and refuses the one before', () => {
    expect(codes(shanghai('12:08:00'))).toEqual([]);
    expect(checkPickupTime(shanghai('12:07:59'), readyAt, lunch, now)).toEqual([
      {
        code: 'PICKUP_TIME_UNAVAILABLE',
        message: 'The order can be ready at 12:08 (Asia/Shanghai) at the earliest',
        field: ['input', 'pickupAt'],
      },
    ]);
    expect(codes(shanghai('11:00:00'))).toEqual(['PICKUP_TIME_UNAVAILABLE']);
  });

  it('takes the last minute before closing, and refuses closing time', () => {
    expect(codes(shanghai('13:59:00'))).toEqual([]);
    expect(checkPickupTime(shanghai('14:00:00'), readyAt, lunch, now)).toEqual([
      {
        code: 'PICKUP_TIME_UNAVAILABLE',
        message: 'The store closes at 14:00 (Asia/Shanghai): pick up before then',
        field: ['input', 'pickupAt'],
      },
    ]);
    // Dinner is another service.
    expect(
      codes(shanghai('17:00:00'), [...lunch, { opensAt: '16:30', closesAt: '20:30' }]),
    ).toEqual(['PICKUP_TIME_UNAVAILABLE']);
  });

  it(`keeps a kitchen that never closes to ${PICKUP_HORIZON_HOURS} hours ahead`, () => {
    const roundTheClock = [{ opensAt: '00:00', closesAt: '24:00' }];
    expect(codes(later(now, PICKUP_HORIZON_HOURS * 60), roundTheClock)).toEqual([]);
    expect(codes(later(now, PICKUP_HORIZON_HOURS * 60 + 1), roundTheClock)).toEqual([
      'PICKUP_TIME_UNAVAILABLE',
    ]);
  });
});
