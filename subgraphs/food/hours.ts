/**
 * Delivery hours (documented on the DailyHours type). A restaurant takes orders
 * in daily windows of Asia/Shanghai local time, the same every day. A window
 * is open from `opensAt` (inclusive) to `closesAt` (exclusive); a `closesAt`
 * earlier than `opensAt` runs past midnight (07:00–02:00 still serves 01:59),
 * and 24:00 is the end of the day, so 00:00–24:00 never closes.
 */
import { BUSINESS_TIME_ZONE, shanghaiSecondsOfDay } from '../kit/time';

export interface DailyWindow {
  /** HH:MM or HH:MM:SS, as PostgreSQL prints a `time`. */
  opensAt: string;
  closesAt: string;
}

/** Seconds since local midnight of a time of day; 24:00 is 86,400. */
export function secondsOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(time);
  if (!match) throw new Error(`Not a time of day: ${time}`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

export function isOpenAt(windows: readonly DailyWindow[], at: Date): boolean {
  const now = shanghaiSecondsOfDay(at);
  return windows.some((window) => {
    const opens = secondsOfDay(window.opensAt);
    const closes = secondsOfDay(window.closesAt);
    return opens < closes ? now >= opens && now < closes : now >= opens || now < closes;
  });
}

/** HH:MM for clients: seconds are never used in opening hours. */
export function hourMinute(time: string): string {
  return time.slice(0, 5);
}

const DAY_SECONDS = 86_400;

/**
 * When a kitchen closed at `at` opens next: the nearest window's opening, today
 * or tomorrow. Null while it is open, and for a kitchen with no hours at all.
 */
export function nextOpening(windows: readonly DailyWindow[], at: Date): Date | null {
  if (windows.length === 0 || isOpenAt(windows, at)) return null;
  return secondsLater(at, Math.min(...windows.map((window) => waitFor(window.opensAt, at))));
}

/**
 * When a kitchen open at `at` stops taking orders: the first closing of a
 * window that no other window bridges (07:00–14:00 and 14:00–21:00 close at
 * 21:00). Null while it is closed, and for a kitchen that never closes.
 */
export function nextClosing(windows: readonly DailyWindow[], at: Date): Date | null {
  if (!isOpenAt(windows, at)) return null;
  const closings = windows
    .flatMap((window) => [waitFor(window.closesAt, at), waitFor(window.closesAt, at) + DAY_SECONDS])
    .sort((a, b) => a - b)
    .map((wait) => secondsLater(at, wait));
  return closings.find((closing) => !isOpenAt(windows, closing)) ?? null;
}

/** Seconds from `at` to the next time of day `time`, a whole day when it is now. */
function waitFor(time: string, at: Date): number {
  const target = secondsOfDay(time) % DAY_SECONDS;
  return (target - shanghaiSecondsOfDay(at) + DAY_SECONDS) % DAY_SECONDS || DAY_SECONDS;
}

/** `seconds` after the start of `at`'s second. */
function secondsLater(at: Date, seconds: number): Date {
  const startOfSecond = at.getTime() - (((at.getTime() % 1000) + 1000) % 1000);
  return new Date(startOfSecond + seconds * 1000);
}

/** HH:MM of an instant in Asia/Shanghai, as the delivery hours are written. */
export function shanghaiTime(at: Date): string {
  return at.toLocaleTimeString('en-GB', {
    timeZone: BUSINESS_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}
