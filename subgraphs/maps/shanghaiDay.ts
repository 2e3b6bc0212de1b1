/**
 * The calendar day arrival coupons are counted by. Hangzhou keeps Asia/Shanghai
 * time, UTC+8 all year (China has observed no daylight saving since 1991), so a
 * day runs from 16:00 UTC the evening before to 16:00 UTC; a fixed offset is
 * exact and needs no time-zone database.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CalendarDay {
  /** The local date, YYYY-MM-DD. */
  date: string;
  /** Local midnight at the start of the day, as an instant. */
  startsAt: Date;
  /** Local midnight at its end: the next day's start. */
  endsAt: Date;
}

export function shanghaiDay(at: Date): CalendarDay {
  const localMs = at.getTime() + SHANGHAI_OFFSET_MS;
  const startsAtMs = Math.floor(localMs / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return {
    date: new Date(localMs).toISOString().slice(0, 10),
    startsAt: new Date(startsAtMs),
    endsAt: new Date(startsAtMs + DAY_MS),
  };
}
