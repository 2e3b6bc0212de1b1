/**
 * A gateway worker's cache in a cluster: its invalidations go to the primary
 * for the other workers, and a mutation's invalidation is done only once the
 * primary says every other worker has dropped its entries.
 */
import {
  ClusterCacheStore,
  type CacheMessage,
  type PrimaryChannel,
} from '../../gateway/cache/cluster-invalidation';
import { MemoryCacheStore } from '../../gateway/cache/store';
import { createLogger } from '../../lib/logger';

const log = createLogger('test', 'silent');

/** The primary's end of the channel, driven by the test. */
class FakePrimary implements PrimaryChannel {
  readonly received: CacheMessage[] = [];
  private readonly listeners = new Set<(message: unknown) => void>();

  async send(message: CacheMessage): Promise<void> {
    this.received.push(message);
  }

  onMessage(listener: (message: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tell(message: CacheMessage): void {
    for (const listener of this.listeners) listener(message);
  }
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function storeWithEntry() {
  const local = new MemoryCacheStore(1024 * 1024);
  await local.setMany([{ key: 'k', value: 'old', ttlMs: 60_000, tags: ['Merchant:m-kfc'] }]);
  const primary = new FakePrimary();
  const store = new ClusterCacheStore(local, log, primary);
  return { local, primary, store };
}

describe('a clustered worker’s cache', () => {
  it('announces itself to the primary', async () => {
    const { primary, store } = await storeWithEntry();
    expect(primary.received).toEqual([{ type: 'hutong:cache-peer' }]);
    store.close();
  });

  it('invalidates only its own entries while no primary relays them', async () => {
    const { local, primary, store } = await storeWithEntry();
    await store.invalidate(['Merchant:m-kfc']);
    expect(await local.getMany(['k'])).toEqual([null]);
    expect(primary.received).toEqual([{ type: 'hutong:cache-peer' }]);
    store.close();
  });

  it('finishes an invalidation only once the primary says the others dropped theirs', async () => {
    const { local, primary, store } = await storeWithEntry();
    primary.tell({ type: 'hutong:cache-peer' });

    let done = false;
    const invalidation = store.invalidate(['Merchant:m-kfc']).then(() => (done = true));
    await settle();
    expect(await local.getMany(['k'])).toEqual([null]);
    const sent = primary.received[1];
    expect(sent).toEqual({
      type: 'hutong:cache-invalidate',
      id: expect.any(String),
      tags: ['Merchant:m-kfc'],
    });
    expect(done).toBe(false);

    primary.tell({ type: 'hutong:cache-invalidated', id: 'another-invalidation' });
    await settle();
    expect(done).toBe(false);

    primary.tell({ type: 'hutong:cache-invalidated', id: (sent as { id: string }).id });
    await invalidation;
    expect(done).toBe(true);
    store.close();
  });

  it('drops its entries when another worker invalidates them, and says so', async () => {
    const { local, primary, store } = await storeWithEntry();
    primary.tell({ type: 'hutong:cache-invalidate', id: '2:abc', tags: ['Merchant:m-kfc'] });
    await settle();
    expect(await local.getMany(['k'])).toEqual([null]);
    expect(primary.received.at(-1)).toEqual({ type: 'hutong:cache-invalidated', id: '2:abc' });
    store.close();
  });
});
