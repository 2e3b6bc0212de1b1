/**
 * Rate limits per user (or, for anonymous requests, per address) and per
 * app (the verified app of a token; anonymous requests naming an app apart), as token buckets: a key may burst up to
 * `capacity` requests and earns `refillPerSecond` back. Written here rather
 * than taken from rate-limiter-flexible because that library counts fixed
 * windows; a refilling bucket that answers "retry in N ms" is a few lines.
 */
import { GraphQLError } from 'graphql';
import type { TokenBucketConfig } from '../config';

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

export interface RateLimitSubject {
  /** The user, or for an anonymous request its address: every request spends from this first. */
  caller: { userId: string | null; ip: string };
  /**
   * The app: its verified users share its bucket; anonymous requests that only
   * claim it share another, so a stranger claiming an app never spends its users' budget.
   */
  app: { id: string; verified: boolean; bucket: TokenBucketConfig } | undefined;
}

/**
 * Takes a token from the caller's bucket and then the app's; refuses with
 * RATE_LIMITED and a retry time. A request its own bucket refuses spends
 * nothing of the app's, so one greedy client cannot exhaust others' budget.
 */
export async function enforceRateLimits(
  store: TokenBucketStore,
  perUser: TokenBucketConfig,
  subject: RateLimitSubject,
  nowMs = Date.now(),
): Promise<void> {
  const { caller, app } = subject;
  const own = await store.take(
    caller.userId !== null ? `user:${caller.userId}` : `ip:${caller.ip}`,
    perUser,
    nowMs,
  );
  if (!own.allowed)
    throw rateLimited(caller.userId !== null ? 'user' : 'address', own.retryAfterMs);
  if (!app) return;
  const shared = await store.take(
    app.verified ? `app:${app.id}` : `app-anonymous:${app.id}`,
    app.bucket,
    nowMs,
  );
  if (!shared.allowed) throw rateLimited('app', shared.retryAfterMs);
}

function rateLimited(whose: string, retryAfterMs: number): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GraphQLError(`Too many requests from this ${whose}; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}
