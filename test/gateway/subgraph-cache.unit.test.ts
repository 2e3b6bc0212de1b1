/**
 * The entity and fetch caches on the in-process store: what is kept, for
 * whom, and what a mutation drops.
 */
import { MemoryCacheStore } from '../../gateway/cache/store';
import {
  CacheInvalidation,
  entitySelection,
  mutationCommitWindowMs,
  SubgraphCache,
} from '../../gateway/subgraph-client/caching';

const QUERY_TEXT =
  'query($representations:[_Any!]!){_entities(representations:$representations){...on Store{name}}}';
const QUERY = entitySelection(QUERY_TEXT, {});
const store = (id: string) => ({ __typename: 'Store', id });
/** The gateway's with its default subgraph timeout. */
const COMMIT_WINDOW_MS = mutationCommitWindowMs(5_000);

describe('the entity cache', () => {
  it('keeps each entity on its own, so a later batch fetches only the ones it lacks', async () => {
    const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'maps');
    await cache.putEntities(
      QUERY,
      [store('a'), store('b')],
      [{ name: 'A' }, { name: 'B' }],
      'u-1',
      { maxAge: 60, scope: 'PUBLIC' },
      [],
    );

    const plan = await cache.planEntities(QUERY, [store('b'), store('c'), store('a')], 'u-2');
    expect(plan.entities).toEqual([{ name: 'B' }, null, { name: 'A' }]);
    expect(plan.missing).toEqual([store('c')]);
    expect(plan.missingAt).toEqual([1]);
  });

  it('keeps a private entity for its viewer only', async () => {
    const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'payments');
    await cache.putEntities(
      QUERY,
      [store('a')],
      [{ offer: 'mine' }],
      'u-1',
      { maxAge: 60, scope: 'PRIVATE' },
      [],
    );

    expect((await cache.planEntities(QUERY, [store('a')], 'u-1')).missing).toEqual([]);
    expect((await cache.planEntities(QUERY, [store('a')], 'u-2')).missing).toEqual([store('a')]);
    expect((await cache.planEntities(QUERY, [store('a')], null)).missing).toEqual([store('a')]);
  });

  it('keeps nothing the subgraph did not allow', async () => {
    const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'maps');
    await cache.putEntities(QUERY, [store('a')], [{ name: 'A' }], null, { maxAge: 0 }, []);
    expect((await cache.planEntities(QUERY, [store('a')], null)).missing).toHaveLength(1);
  });

  it('looks up no entity of a selection it never kept one of', async () => {
    const memory = new MemoryCacheStore(1_000_000);
    const asked: string[][] = [];
    const getMany = memory.getMany.bind(memory);
    memory.getMany = (keys) => (asked.push([...keys]), getMany(keys));
    const cache = new SubgraphCache(memory, 'maps');
    const other = entitySelection(QUERY_TEXT, { lat: 30 });
    await cache.putEntities(other, [store('a')], [{ name: 'A' }], null, { maxAge: 60 }, []);
    asked.length = 0;

    const plan = await cache.planEntities(QUERY, [store('a'), store('b')], null);
    expect(plan).toEqual({
      missing: [store('a'), store('b')],
      missingAt: [0, 1],
      entities: [null, null],
      uses: [],
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(1);
    expect((await cache.planEntities(other, [store('a')], null)).entities).toEqual([{ name: 'A' }]);
  });

  it('finds an entity kept longer than a later batch of its selection', async () => {
    const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'maps');
    await cache.putEntities(QUERY, [store('a')], [{ name: 'A' }], null, { maxAge: 300 }, []);
    await cache.putEntities(QUERY, [store('b')], [{ name: 'B' }], null, { maxAge: 1 }, []);
    const later = Date.now() + 2_000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const plan = await cache.planEntities(QUERY, [store('a'), store('b')], null);
      expect(plan.entities).toEqual([{ name: 'A' }, null]);
    } finally {
      now.mockRestore();
    }
  });

  it('drops the entities a mutation touched, and everything private of its viewer', async () => {
    const memory = new MemoryCacheStore(1_000_000);
    const cache = new SubgraphCache(memory, 'maps');
    await cache.putEntities(QUERY, [store('a'), store('b')], [{}, {}], null, { maxAge: 60 }, []);
    await cache.putEntities(QUERY, [store('c')], [{}], 'u-1', { maxAge: 60, scope: 'PRIVATE' }, []);

    await new CacheInvalidation(memory, COMMIT_WINDOW_MS).afterMutation(['Store:a'], 'u-1');
    const plan = await cache.planEntities(QUERY, [store('a'), store('b')], null);
    expect(plan.missing).toEqual([store('a')]);
    expect((await cache.planEntities(QUERY, [store('c')], 'u-1')).missing).toEqual([store('c')]);
  });

  it('drops a batch entity when an entity nested in the batch changes', async () => {
    const memory = new MemoryCacheStore(1_000_000);
    const cache = new SubgraphCache(memory, 'commerce');
    await cache.putEntities(
      QUERY,
      [store('a')],
      [{ products: [{ id: 'p1' }] }],
      null,
      { maxAge: 60 },
      ['Store:a', 'Product:p1'],
    );
    await new CacheInvalidation(memory, COMMIT_WINDOW_MS).afterMutation(['Product:p1'], null);
    expect((await cache.planEntities(QUERY, [store('a')], null)).missing).toHaveLength(1);
  });
});

it('keeps an entity apart for each value of the fetch’s other variables', async () => {
  const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'food');
  const near = entitySelection(QUERY_TEXT, { representations: [store('a')], to: { lat: 30.25 } });
  const far = entitySelection(QUERY_TEXT, { representations: [store('a')], to: { lat: 30.3 } });
  await cache.putEntities(near, [store('a')], [{ fee: 300 }], null, { maxAge: 60 }, []);

  expect((await cache.planEntities(near, [store('a')], null)).entities).toEqual([{ fee: 300 }]);
  expect((await cache.planEntities(far, [store('a')], null)).missing).toEqual([store('a')]);
});

describe('the fetch cache', () => {
  it('serves a public answer to anyone and a private one to its viewer only', async () => {
    const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'payments');
    await cache.putFetch(
      '{me{id}}',
      'u-1',
      { data: { me: { id: 'u-1' } } },
      { maxAge: 30, scope: 'PRIVATE' },
      [],
    );
    await cache.putFetch('{topics}', 'u-1', { data: { topics: [] } }, { maxAge: 30 }, []);

    expect((await cache.getFetch('{me{id}}', 'u-1'))?.response).toEqual({
      data: { me: { id: 'u-1' } },
    });
    expect(await cache.getFetch('{me{id}}', 'u-2')).toBeNull();
    expect((await cache.getFetch('{topics}', 'u-2'))?.use.scope).toBe('PUBLIC');
  });

  it('never keeps an answer with errors', async () => {
    const cache = new SubgraphCache(new MemoryCacheStore(1_000_000), 'maps');
    await cache.putFetch(
      '{store}',
      null,
      { data: { store: null }, errors: [{ message: 'NOT_FOUND' }] },
      { maxAge: 60 },
      [],
    );
    expect(await cache.getFetch('{store}', null)).toBeNull();
  });
});

describe('the in-process store', () => {
  it('keeps within its byte budget by dropping the least recently used entries', async () => {
    const memory = new MemoryCacheStore(20_000);
    const value = 'x'.repeat(1_000);
    for (let i = 0; i < 50; i++) {
      await memory.setMany([{ key: `k${i}`, value, ttlMs: 60_000, tags: [`Store:${i}`] }]);
    }
    const [oldest, newest] = await memory.getMany(['k0', 'k49']);
    expect(oldest).toBeNull();
    expect(newest).toBe(value);
    // About 2 kB an entry: ten fit in 20 kB.
    expect(memory.size).toBeLessThanOrEqual(10);
  });
});
