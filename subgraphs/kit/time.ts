/**
 * Business time. Hutong's apps count days and weeks as Hangzhou does:
 * Asia/Shanghai, UTC+8 all year (China has observed no daylight saving since
 * 1991), so a fixed offset is exact and needs no time-zone database. A
 * Shanghai day runs from 16:00 UTC the evening before to 16:00 UTC.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

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

/** Seconds since midnight in Asia/Shanghai at an instant. */
export function shanghaiSecondsOfDay(at: Date): number {
  const localMs = at.getTime() + SHANGHAI_OFFSET_MS;
  return Math.floor((((localMs % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
}

/** SQL: Monday 00:00 of the current Shanghai week, as a timestamptz. */
export const WEEK_START_SQL = `(date_trunc('week', now() AT TIME ZONE '${BUSINESS_TIME_ZONE}') AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;

/** SQL: today's date in Shanghai. */
export const TODAY_SQL = `(now() AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date`;

/** SQL: 00:00 of today in Shanghai, as a timestamptz. */
export const DAY_START_SQL = `(${TODAY_SQL}::timestamp AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;

/** SQL: 00:00 of tomorrow in Shanghai, as a timestamptz: when today's limits start again. */
export const NEXT_DAY_START_SQL = `((${TODAY_SQL} + 1)::timestamp AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;
