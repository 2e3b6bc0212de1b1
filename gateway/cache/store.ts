/**
 * Where the gateway keeps what it caches: entries with a time to live and
 * tags (the entities an entry was built from), so that one invalidation by
 * tag drops every entry that used that entity, and one of a type tag
 * (lib/cache-tags.ts: `Store:*`) every entry that used any store. Type tags are
 * rare (a mutation that changed more than it lists), so they are matched when
 * invalidating rather than kept with every entry. In this process by default;
 * in Redis (`RedisCacheStore`, gateway/shared-state.ts) when replicas must share it.
 */
import { LRUCache } from 'lru-cache';
import { typeTagPrefix } from '../../lib/cache-tags';

export interface CacheWrite {
  key: string;
  value: string;
  ttlMs: number;
  tags: readonly string[];
}

export interface CacheStore {
  /** The values of `keys`, null where there is none (missing or expired). */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  setMany(entries: readonly CacheWrite[]): Promise<void>;
  /** Drops every entry tagged with any of `tags`; a type tag (`Store:*`) drops every entry of its type. */
  invalidate(tags: readonly string[]): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

interface MemoryEntry {
  value: string;
  tags: readonly string[];
}

export class MemoryCacheStore implements CacheStore {
  private readonly entries: LRUCache<string, MemoryEntry>;
  private readonly keysByTag = new Map<string, Set<string>>();

  /** Holds at most about `maxBytes` of keys, values and tags; least recently used go first. */
  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, MemoryEntry>({
      maxSize: maxBytes,
      // JavaScript strings take two bytes a character.
      sizeCalculation: (entry, key) =>
        2 *
        (key.length + entry.value.length + entry.tags.reduce((sum, tag) => sum + tag.length, 0)),
      ttlAutopurge: false,
      // Whatever removes an entry (expiry, eviction, replacement) also unlinks its tags.
      dispose: (entry, key) => this.unlink(key, entry.tags),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.entries.get(key)?.value ?? null);
  }

  async setMany(writes: readonly CacheWrite[]): Promise<void> {
    for (const { key, value, ttlMs, tags } of writes) {
      if (ttlMs <= 0) continue;
      this.entries.set(key, { value, tags }, { ttl: ttlMs });
      for (const tag of tags) {
        let keys = this.keysByTag.get(tag);
        if (!keys) this.keysByTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) {
      const typePrefix = typeTagPrefix(tag);
      const matching =
        typePrefix === null
          ? [tag]
          : [...this.keysByTag.keys()].filter((each) => each.startsWith(typePrefix));
      for (const each of matching) {
        const keys = this.keysByTag.get(each);
        if (!keys) continue;
        this.keysByTag.delete(each);
        for (const key of keys) this.entries.delete(key);
      }
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  private unlink(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTag.delete(tag);
    }
  }
}
