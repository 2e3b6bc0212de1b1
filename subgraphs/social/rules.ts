/**
 * The social network's rations, in one place. The schema documents each of
 * them in words (test/unit/social-rules.test.ts keeps the two in step), and
 * the SQL reads the clock from the database, so every service agrees on "now".
 */

/** Business days, weeks and "today" are Chinese ones, whatever the server's zone. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/** A whitelisted account shares at most one mini-program per rolling hour. */
export const MINI_PROGRAM_SHARE_INTERVAL = '1 hour';

/** Mini-program cards a feed shows per calendar day: the first ones shared that day. */
export const MINI_PROGRAM_CARDS_PER_FEED_DAY = 2;

/** Pushes a life account may send per calendar week (raised from one). */
export const LIFE_ACCOUNT_PUSHES_PER_WEEK = 3;

/** Page views pledged per unique visitor unless agreed otherwise (the column's default). */
export const DEFAULT_PAGE_VIEWS_PER_VISITOR = 300;

/** Monday 00:00 of the current week in Shanghai, as a timestamptz. */
export const WEEK_START_SQL = `(date_trunc('week', now() AT TIME ZONE '${BUSINESS_TIME_ZONE}') AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;

/** Today's date in Shanghai. */
export const TODAY_SQL = `(now() AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date`;

/**
 * A timestamptz rounded up to the millisecond: DateTime carries milliseconds,
 * and a "try again at" time must never be earlier than the true one.
 */
export const ceilToMillisecond = (expression: string) =>
  `date_trunc('milliseconds', ${expression} + interval '999 microseconds')`;
