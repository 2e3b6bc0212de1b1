/**
 * Rate limits per client app (the `x-app-id` header) and per user (or, for
 * anonymous requests, per address), as token buckets: a key may burst up to
 * `capacity` requests and earns `refillPerSecond` back. Written here rather
 * than taken from rate-limiter-flexible because that library counts fixed
 * windows; a refilling bucket that answers "retry in N ms" is a few lines.
 */
import { GraphQLError } from 'graphql';
import type { TokenBucketConfig } from '../../lib/config';

export interface TakeResult {
  allowed: boolean;
  /** When the next request would be allowed, if this one was not. */
  retryAfterMs: number;
}

/** Where buckets live: in this process, or (for several replicas) in a shared store. */
export interface TokenBucketStore {
  take(key: string, bucket: TokenBucketConfig, nowMs: number): Promise<TakeResult>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class MemoryTokenBuckets implements TokenBucketStore {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly maxKeys = 100_000) {}

  async take(key: string, config: TokenBucketConfig, nowMs: number): Promise<TakeResult> {
    const bucket = this.buckets.get(key) ?? { tokens: config.capacity, updatedAt: nowMs };
    const refilled = Math.min(
      config.capacity,
      bucket.tokens + ((nowMs - bucket.updatedAt) / 1000) * config.refillPerSecond,
    );
    const allowed = refilled >= 1;
    const next = { tokens: allowed ? refilled - 1 : refilled, updatedAt: nowMs };
    this.buckets.delete(key);
    this.buckets.set(key, next);
    // The oldest keys are full buckets by now; forgetting them changes nothing.
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return {
      allowed,
      retryAfterMs: allowed ? 0 : Math.ceil(((1 - refilled) / config.refillPerSecond) * 1000),
    };
  }
}

const APP_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function appIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && APP_ID.test(header) ? header : 'unknown';
}

export interface RateLimitSubject {
  appId: string;
  viewerId: string | null;
  ip: string;
}

/** Takes a token from the app's bucket and the user's; refuses with RATE_LIMITED and a retry time. */
export async function enforceRateLimits(
  store: TokenBucketStore,
  limits: { perApp: TokenBucketConfig; perUser: TokenBucketConfig },
  subject: RateLimitSubject,
  nowMs = Date.now(),
): Promise<void> {
  const [app, user] = await Promise.all([
    store.take(`app:${subject.appId}`, limits.perApp, nowMs),
    store.take(
      subject.viewerId ? `user:${subject.viewerId}` : `ip:${subject.ip}`,
      limits.perUser,
      nowMs,
    ),
  ]);
  if (app.allowed && user.allowed) return;
  const retryAfterMs = Math.max(app.retryAfterMs, user.retryAfterMs);
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  throw new GraphQLError(
    `Too many requests from this ${app.allowed ? 'user' : 'app'}; retry in ${retryAfterSeconds} s`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );
}
