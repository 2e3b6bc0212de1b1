/**
 * The social network's rations, in one place. The schema documents each of
 * them in words (test/subgraphs/social/rules.unit.test.ts keeps the two in step), and
 * the SQL reads the clock from the database, so every service agrees on "now".
 * Days and weeks are Asia/Shanghai ones (subgraphs/kit/time.ts).
 */
export { BUSINESS_TIME_ZONE, TODAY_SQL, WEEK_START_SQL } from '../kit/time';

/** A whitelisted account shares at most one mini-program per rolling hour. */
export const MINI_PROGRAM_SHARE_INTERVAL = '1 hour';

/** Mini-program cards a feed shows per calendar day: the first ones shared that day. */
export const MINI_PROGRAM_CARDS_PER_FEED_DAY = 2;

/** Pushes a life account may send per calendar week (raised from one). */
export const LIFE_ACCOUNT_PUSHES_PER_WEEK = 3;

/** Page views pledged per unique visitor unless agreed otherwise (the column's default). */
export const DEFAULT_PAGE_VIEWS_PER_VISITOR = 300;

/**
 * A timestamptz rounded up to the millisecond: DateTime carries milliseconds,
 * and a "try again at" time must never be earlier than the true one.
 */
export const ceilToMillisecond = (expression: string) =>
  `date_trunc('milliseconds', ${expression} + interval '999 microseconds')`;
