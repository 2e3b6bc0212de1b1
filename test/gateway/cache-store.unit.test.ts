/**
 * What the stores promise the invalidations: a type tag drops every entry of
 * its type, in process and in Redis, and invalidations waiting for Redis give
 * way to their type tags rather than being forgotten.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryCacheStore, type CacheStore } from '../../gateway/cache/store';
import { PendingInvalidations, RedisCacheStore } from '../../gateway/shared-state';
import { testRedisUrl } from '../support/harness';

const redisUrl = testRedisUrl();
const redis = redisUrl ? new Redis(redisUrl) : undefined;
afterAll(() => redis?.disconnect());

const stores: [string, () => CacheStore][] = [
  ['in process', () => new MemoryCacheStore(1_000_000)],
];
if (redis)
  stores.push(['in Redis', () => new RedisCacheStore(redis, `hutong-test:${randomUUID()}:`)]);

describe.each(stores)('a cache store %s', (_where, makeStore) => {
  it('drops every entry of a type by its type tag, and only those', async () => {
    const store = makeStore();
    const entry = (key: string, tags: string[]) => ({ key, value: key, ttlMs: 60_000, tags });
    await store.setMany([
      entry('offer-kfc', ['Store:kfc', 'Merchant:m-kfc']),
      entry('offer-heytea', ['Store:heytea', 'Merchant:m-heytea']),
      entry('topic', ['Topic:t1']),
    ]);
    await store.invalidate(['Merchant:*']);
    expect(await store.getMany(['offer-kfc', 'offer-heytea', 'topic'])).toEqual([
      null,
      null,
      'topic',
    ]);
  });
});

describe('invalidations waiting for Redis', () => {
  it('give way to their type tags past their bound, and are taken once', () => {
    const pending = new PendingInvalidations(3);
    pending.add(['Store:a', 'viewer:u-lin']);
    pending.add(['Store:b']);
    expect(pending.take()).toEqual(['Store:a', 'viewer:u-lin', 'Store:b']);
    expect(pending.take()).toEqual([]);

    pending.add(['Store:a', 'Store:b', 'viewer:u-lin', 'Merchant:m-kfc']);
    expect(pending.take().sort()).toEqual(['Merchant:*', 'Store:*', 'viewer:*']);
  });
});
