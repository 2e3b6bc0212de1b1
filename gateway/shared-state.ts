/**
 * What gateway replicas share when REDIS_URL is set: the caches, registered
 * APQ operations and rate-limit buckets. Without Redis each lives in the
 * process, and in a clustered gateway the in-process caches' invalidations
 * reach every worker (cache/cluster-invalidation.ts). When Redis stops answering the
 * gateway carries on with the in-process versions and logs a warning —
 * requests never fail for want of Redis — and goes back to Redis when it
 * answers again, replaying the invalidations it could not deliver meanwhile.
 */
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';
import type { TokenBucketConfig } from './config';
import { typeTagPrefix, typeTagsOf } from '../lib/cache-tags';
import type { Logger } from '../lib/logger';
import { clusterWide } from './cache/cluster-invalidation';
import { MemoryCacheStore, type CacheStore, type CacheWrite } from './cache/store';
import { MemoryTokenBuckets, type TakeResult, type TokenBucketStore } from './plugins/rate-limit';

/** Tags kept for replay while Redis is away; past this they give way to their type tags. */
const MAX_PENDING_INVALIDATIONS = 10_000;
const WARN_EVERY_MS = 10_000;

export interface SharedState {
  cache: CacheStore;
  rateLimits: TokenBucketStore;
  /** Operations registered by APQ, for Apollo Server's `persistedQueries.cache`. */
  apq: KeyValueCache<string>;
  /** 'redis' while Redis answers, 'memory' otherwise. */
  mode(): 'redis' | 'memory';
  close(): Promise<void>;
}

export interface SharedStateOptions {
  redisUrl?: string | undefined;
  /** Starts every Redis key, so several deployments can share one Redis. */
  redisPrefix?: string;
  /** What the in-process cache may hold, in bytes. */
  maxBytes: number;
  log: Logger;
  /** Bounds every Redis command, so a slow Redis costs a request at most this much. */
  commandTimeoutMs?: number;
}

export function createSharedState(options: SharedStateOptions): SharedState {
  const { store: memory, close: closeMemory } = clusterWide(
    new MemoryCacheStore(options.maxBytes),
    options.log,
  );
  const memoryBuckets = new MemoryTokenBuckets();
  if (!options.redisUrl) {
    return {
      cache: memory,
      rateLimits: memoryBuckets,
      apq: new StoreKeyValueCache(memory, 'apq:'),
      mode: () => 'memory',
      close: async () => closeMemory(),
    };
  }
  const redis = new Redis(options.redisUrl, {
    // Fail at once while disconnected instead of queueing: the in-process fallback answers.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  const fallback = new Fallback(redis, options.log);
  const prefix = options.redisPrefix ?? 'hutong:';
  const cache = new ResilientCacheStore(new RedisCacheStore(redis, prefix), memory, fallback);
  return {
    cache,
    rateLimits: new ResilientTokenBuckets(
      new RedisTokenBuckets(redis, prefix),
      memoryBuckets,
      fallback,
    ),
    apq: new StoreKeyValueCache(cache, 'apq:'),
    mode: () => (fallback.usingRedis() ? 'redis' : 'memory'),
    close: async () => {
      closeMemory();
      redis.disconnect();
    },
  };
}

/** Decides when Redis is in use, and says so once per outage rather than once per request. */
class Fallback {
  private lastWarning = 0;
  private readonly pendingInvalidations = new PendingInvalidations();
  replay: ((tags: string[]) => Promise<void>) | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {
    redis.on('error', (error: Error) => this.failed(error));
    redis.on('ready', () => {
      this.log.info('Redis is answering: shared caches and rate limits are back');
      void this.flushPending();
    });
  }

  usingRedis(): boolean {
    return this.redis.status === 'ready';
  }

  failed(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.log.warn(
      { err: error },
      'Redis is not answering: using in-process caches and rate limits until it does',
    );
  }

  remember(tags: readonly string[]): void {
    this.pendingInvalidations.add(tags);
  }

  private async flushPending(): Promise<void> {
    if (!this.replay) return;
    const tags = this.pendingInvalidations.take();
    if (tags.length === 0) return;
    try {
      await this.replay(tags);
    } catch (error) {
      this.remember(tags);
      this.failed(error);
    }
  }
}

/**
 * The invalidations Redis has not had yet, bounded without losing one: past
 * `max` tags they give way to their type tags (lib/cache-tags.ts), whose replay
 * drops more entries than the outage's mutations changed, but none fewer.
 */
export class PendingInvalidations {
  private tags = new Set<string>();

  constructor(private readonly max = MAX_PENDING_INVALIDATIONS) {}

  add(tags: readonly string[]): void {
    for (const tag of tags) this.tags.add(tag);
    if (this.tags.size > this.max) this.tags = new Set(typeTagsOf(this.tags));
  }

  /** Every pending tag, none of them pending any more. */
  take(): string[] {
    const tags = [...this.tags];
    this.tags = new Set();
    return tags;
  }
}

class ResilientCacheStore implements CacheStore {
  constructor(
    private readonly shared: RedisCacheStore,
    private readonly local: CacheStore,
    private readonly fallback: Fallback,
  ) {
    fallback.replay = (tags) => shared.invalidate(tags);
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (!this.fallback.usingRedis()) return this.local.getMany(keys);
    try {
      return await this.shared.getMany(keys);
    } catch (error) {
      this.fallback.failed(error);
      return this.local.getMany(keys);
    }
  }

  async setMany(entries: readonly CacheWrite[]): Promise<void> {
    if (!this.fallback.usingRedis()) return this.local.setMany(entries);
    try {
      await this.shared.setMany(entries);
    } catch (error) {
      this.fallback.failed(error);
      await this.local.setMany(entries);
    }
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    // Entries written to the local store during an outage must go as well.
    await this.local.invalidate(tags);
    if (!this.fallback.usingRedis()) {
      this.fallback.remember(tags);
      return;
    }
    try {
      await this.shared.invalidate(tags);
    } catch (error) {
      this.fallback.failed(error);
      this.fallback.remember(tags);
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    await this.local.delete(keys);
    if (!this.fallback.usingRedis()) return;
    try {
      await this.shared.delete(keys);
    } catch (error) {
      this.fallback.failed(error);
    }
  }
}

/**
 * Tags are Redis sets of entry keys; invalidating a tag deletes its entries
 * and itself in one script, so no replica sees half an invalidation.
 */
const INVALIDATE_SCRIPT = `
for _, tag in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', tag)
  for i = 1, #members, 500 do
    redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
  end
  redis.call('DEL', tag)
end
return 0`;

export class RedisCacheStore implements CacheStore {
  private readonly entryPrefix: string;
  private readonly tagPrefix: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.entryPrefix = `${prefix}c:`;
    this.tagPrefix = `${prefix}t:`;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.redis.mget(keys.map((key) => this.entryPrefix + key));
  }

  async setMany(entries: readonly CacheWrite[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    let queued = 0;
    for (const { key, value, ttlMs, tags } of entries) {
      if (ttlMs <= 0) continue;
      const ttl = Math.ceil(ttlMs);
      pipeline.set(this.entryPrefix + key, value, 'PX', ttl);
      for (const tag of tags) {
        pipeline.sadd(this.tagPrefix + tag, this.entryPrefix + key);
        // A tag lives as long as its longest-lived entry.
        pipeline.pexpire(this.tagPrefix + tag, ttl, 'NX');
        pipeline.pexpire(this.tagPrefix + tag, ttl, 'GT');
      }
      queued++;
    }
    if (queued === 0) return;
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    const tagKeys: string[] = [];
    for (const tag of tags) {
      const typePrefix = typeTagPrefix(tag);
      if (typePrefix === null) tagKeys.push(this.tagPrefix + tag);
      else tagKeys.push(...(await this.tagKeysStartingWith(this.tagPrefix + typePrefix)));
    }
    if (tagKeys.length > 0) await this.redis.eval(INVALIDATE_SCRIPT, tagKeys.length, ...tagKeys);
  }

  /** A type tag's: found by SCAN, which walks the keyspace in steps without blocking Redis. */
  private async tagKeysStartingWith(start: string): Promise<string[]> {
    const pattern = `${start.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return found;
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.del(...keys.map((key) => this.entryPrefix + key));
  }
}

/** The same refilling bucket as MemoryTokenBuckets, taken atomically in Redis. */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
local elapsed = math.max(0, now - at)
tokens = math.min(capacity, tokens + elapsed / 1000 * refill)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refill * 1000) + 1000)
return { allowed, tostring(tokens) }`;

export class RedisTokenBuckets implements TokenBucketStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async take(key: string, bucket: TokenBucketConfig, nowMs: number): Promise<TakeResult> {
    const [allowed, tokens] = (await this.redis.eval(
      TAKE_SCRIPT,
      1,
      `${this.prefix}rate:${key}`,
      bucket.capacity,
      bucket.refillPerSecond,
      nowMs,
    )) as [number, string];
    const left = Number(tokens);
    return {
      allowed: allowed === 1,
      retryAfterMs: allowed === 1 ? 0 : Math.ceil(((1 - left) / bucket.refillPerSecond) * 1000),
    };
  }
}

class ResilientTokenBuckets implements TokenBucketStore {
  constructor(
    private readonly shared: RedisTokenBuckets,
    private readonly local: MemoryTokenBuckets,
    private readonly fallback: Fallback,
  ) {}

  async take(key: string, bucket: TokenBucketConfig, nowMs: number): Promise<TakeResult> {
    if (!this.fallback.usingRedis()) return this.local.take(key, bucket, nowMs);
    try {
      return await this.shared.take(key, bucket, nowMs);
    } catch (error) {
      this.fallback.failed(error);
      return this.local.take(key, bucket, nowMs);
    }
  }
}

/** Apollo Server's key-value cache interface over a cache store, for APQ. */
export class StoreKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly store: CacheStore,
    private readonly namespace: string,
    private readonly defaultTtlMs = 24 * 60 * 60 * 1000,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const [value] = await this.store.getMany([this.namespace + key]);
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttlMs = options?.ttl ? options.ttl * 1000 : this.defaultTtlMs;
    await this.store.setMany([{ key: this.namespace + key, value, ttlMs, tags: [] }]);
  }

  async delete(key: string): Promise<boolean> {
    await this.store.delete([this.namespace + key]);
    return true;
  }
}
