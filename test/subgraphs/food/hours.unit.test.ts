import { shanghaiSecondsOfDay } from '../../../subgraphs/kit/time';
import {
  isOpenAt,
  nextClosing,
  nextOpening,
  secondsOfDay,
  shanghaiTime,
} from '../../../subgraphs/food/hours';

/** An instant at a Shanghai wall-clock time on 21 November 2026 (UTC+8). */
function shanghai(time: string): Date {
  return new Date(`2026-11-21T${time}+08:00`);
}

describe('delivery hours in Asia/Shanghai time', () => {
  const lunchAndDinner = [
    { opensAt: '10:30:00', closesAt: '14:00:00' },
    { opensAt: '16:30:00', closesAt: '20:30:00' },
  ];

  it('opens at the opening minute and not a second before', () => {
    expect(isOpenAt(lunchAndDinner, shanghai('10:29:59'))).toBe(false);
    expect(isOpenAt(lunchAndDinner, shanghai('10:30:00'))).toBe(true);
  });

  it('takes orders until the second before closing, then stops', () => {
    expect(isOpenAt(lunchAndDinner, shanghai('13:59:59'))).toBe(true);
    expect(isOpenAt(lunchAndDinner, shanghai('14:00:00'))).toBe(false);
  });

  it('is closed between services and open again for dinner', () => {
    expect(isOpenAt(lunchAndDinner, shanghai('15:00:00'))).toBe(false);
    expect(isOpenAt(lunchAndDinner, shanghai('16:30:00'))).toBe(true);
    expect(isOpenAt(lunchAndDinner, shanghai('20:30:00'))).toBe(false);
  });

  it('runs a window that closes earlier than it opens past midnight', () => {
    const nightMarket = [{ opensAt: '07:00:00', closesAt: '02:00:00' }];
    expect(isOpenAt(nightMarket, shanghai('23:59:59'))).toBe(true);
    expect(isOpenAt(nightMarket, shanghai('00:00:00'))).toBe(true);
    expect(isOpenAt(nightMarket, shanghai('01:59:59'))).toBe(true);
    expect(isOpenAt(nightMarket, shanghai('02:00:00'))).toBe(false);
    expect(isOpenAt(nightMarket, shanghai('06:59:59'))).toBe(false);
    expect(isOpenAt(nightMarket, shanghai('07:00:00'))).toBe(true);
  });

  it('never closes 00:00 to 24:00', () => {
    const roundTheClock = [{ opensAt: '00:00:00', closesAt: '24:00:00' }];
    for (const time of ['00:00:00', '12:00:00', '23:59:59']) {
      expect(isOpenAt(roundTheClock, shanghai(time))).toBe(true);
    }
  });

  it('is closed for a restaurant without hours', () => {
    expect(isOpenAt([], shanghai('12:00:00'))).toBe(false);
  });

  it('says when a closed kitchen opens next: the next window today, else the first tomorrow', () => {
    expect(nextOpening(lunchAndDinner, shanghai('09:00:00'))).toEqual(shanghai('10:30:00'));
    expect(nextOpening(lunchAndDinner, shanghai('14:00:00'))).toEqual(shanghai('16:30:00'));
    expect(nextOpening(lunchAndDinner, shanghai('20:30:00'))).toEqual(
      new Date('2026-11-22T10:30:00+08:00'),
    );
    // One second before opening, and not at all while open.
    expect(nextOpening(lunchAndDinner, shanghai('10:29:59'))).toEqual(shanghai('10:30:00'));
    expect(nextOpening(lunchAndDinner, shanghai('10:30:00'))).toBeNull();
    expect(
      nextOpening([{ opensAt: '07:00:00', closesAt: '02:00:00' }], shanghai('02:00:00')),
    ).toEqual(shanghai('07:00:00'));
    expect(nextOpening([], shanghai('12:00:00'))).toBeNull();
    expect(shanghaiTime(shanghai('07:05:00'))).toBe('07:05');
  });

  it('says when an open kitchen closes next, past midnight and across bridged windows', () => {
    expect(nextClosing(lunchAndDinner, shanghai('10:30:00'))).toEqual(shanghai('14:00:00'));
    expect(nextClosing(lunchAndDinner, shanghai('13:59:59'))).toEqual(shanghai('14:00:00'));
    expect(nextClosing(lunchAndDinner, shanghai('17:00:00'))).toEqual(shanghai('20:30:00'));
    expect(nextClosing(lunchAndDinner, shanghai('14:00:00'))).toBeNull();
    expect(
      nextClosing([{ opensAt: '07:00:00', closesAt: '02:00:00' }], shanghai('23:00:00')),
    ).toEqual(new Date('2026-11-22T02:00:00+08:00'));
    const bridged = [
      { opensAt: '07:00:00', closesAt: '14:00:00' },
      { opensAt: '14:00:00', closesAt: '21:00:00' },
    ];
    expect(nextClosing(bridged, shanghai('08:00:00'))).toEqual(shanghai('21:00:00'));
    expect(
      nextClosing([{ opensAt: '00:00:00', closesAt: '24:00:00' }], shanghai('12:00:00')),
    ).toBeNull();
    expect(nextClosing([], shanghai('12:00:00'))).toBeNull();
  });

  it('reads the Shanghai time of day from a UTC instant', () => {
    expect(shanghaiSecondsOfDay(new Date('2026-11-21T16:00:00Z'))).toBe(0);
    expect(shanghaiSecondsOfDay(new Date('2026-11-21T15:59:59Z'))).toBe(86_399);
    expect(secondsOfDay('24:00:00')).toBe(86_400);
    expect(secondsOfDay('07:30')).toBe(27_000);
  });
});
