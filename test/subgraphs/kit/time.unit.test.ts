import { shanghaiDay } from '../../../subgraphs/kit/time';

describe('the Asia/Shanghai calendar day of arrival coupons', () => {
  it('starts at 16:00 UTC the evening before: the last instant of one day and the first of the next', () => {
    expect(shanghaiDay(new Date('2026-11-21T15:59:59.999Z')).date).toBe('2026-11-21');
    expect(shanghaiDay(new Date('2026-11-21T16:00:00.000Z')).date).toBe('2026-11-22');
  });

  it('knows the day of an instant early in the UTC day', () => {
    expect(shanghaiDay(new Date('2026-11-21T00:30:00Z'))).toEqual({
      date: '2026-11-21',
      startsAt: new Date('2026-11-20T16:00:00Z'),
      endsAt: new Date('2026-11-21T16:00:00Z'),
    });
  });

  it('rolls over months and years', () => {
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z')).date).toBe('2027-01-01');
    expect(shanghaiDay(new Date('2028-02-28T16:00:00Z')).date).toBe('2028-02-29');
  });

  it('keeps UTC+8 through the dates other zones change their clocks', () => {
    for (const instant of ['2026-03-29T01:30:00Z', '2026-10-25T01:30:00Z']) {
      const day = shanghaiDay(new Date(instant));
      expect(day.endsAt.getTime() - day.startsAt.getTime()).toBe(24 * 60 * 60 * 1000);
      expect(day.startsAt.getUTCHours()).toBe(16);
    }
  });
});
