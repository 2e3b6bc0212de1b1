import type { Database } from '../../../subgraphs/kit/database';
import { openEmptyPglite } from '../../support/database-templates';
import { migrate, SHARED_MIGRATIONS_DIR } from '../../../subgraphs/kit/migrations';
import { userError, UserErrors, withIdempotency } from '../../../subgraphs/kit/mutations';

describe('idempotency keys', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openEmptyPglite('idempotency');
    await migrate(db, SHARED_MIGRATIONS_DIR);
    await db.exec('CREATE TABLE effects (id serial PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(() => db.close());

  const effectCount = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM effects'))[0]!.n;

  function place(key: string, note: string) {
    return withIdempotency(
      db,
      { actor: 'demo', operation: 'test', key, input: { note } },
      async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          'INSERT INTO effects (note) VALUES ($1) RETURNING id',
          [note],
        );
        return { effectId: row!.id, userErrors: [] };
      },
    );
  }

  it('runs twenty concurrent identical requests once and answers them all alike', async () => {
    const before = await effectCount();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => place('key-concurrent-1', 'a')),
    );
    expect(await effectCount()).toBe(before + 1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('refuses the same key with a different input', async () => {
    await place('key-reused-0001', 'first');
    await expect(place('key-reused-0001', 'second')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  it('keeps keys of different users apart', async () => {
    const mine = await place('key-shared-0001', 'x');
    const theirs = await withIdempotency(
      db,
      { actor: 'u-lin', operation: 'test', key: 'key-shared-0001', input: { note: 'x' } },
      async () => ({ effectId: -1, userErrors: [] }),
    );
    expect(theirs).not.toEqual(mine);
  });

  it('writes nothing, not even the key, when the work answers with userErrors', async () => {
    const before = await effectCount();
    const failed = await withIdempotency(
      db,
      { actor: 'demo', operation: 'test', key: 'key-failing-01', input: {} },
      async (tx) => {
        await tx.query("INSERT INTO effects (note) VALUES ('rolled back')");
        throw new UserErrors([userError('OUT_OF_STOCK', 'Sold out')]);
      },
    );
    expect(failed).toEqual({ userErrors: [{ code: 'OUT_OF_STOCK', message: 'Sold out' }] });
    expect(await effectCount()).toBe(before);
    // The key is free again: a corrected retry goes through.
    const retried = await withIdempotency(
      db,
      { actor: 'demo', operation: 'test', key: 'key-failing-01', input: { fixed: true } },
      async () => ({ ok: true, userErrors: [] }),
    );
    expect(retried).toEqual({ ok: true, userErrors: [] });
  });

  it('refuses a key that is too short to be unique', async () => {
    await expect(place('short', 'x')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
