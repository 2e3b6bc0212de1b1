/**
 * Input a client can send that PostgreSQL refuses, on PGlite and on
 * PostgreSQL alike: both name the refusal by its SQLSTATE, which the services
 * answer as BAD_USER_INPUT (a userError in a mutation, for an integrity
 * violation); numbers that would underflow float8 arithmetic reach SQL as 0.
 */
import type { Database } from '../../../subgraphs/kit/database';
import { clientSqlState } from '../../../lib/errors';
import { migrate, SHARED_MIGRATIONS_DIR } from '../../../subgraphs/kit/migrations';
import { runMutation, withIdempotency } from '../../../subgraphs/kit/mutations';
import { openTestDatabase, storageModes } from '../../support/harness';

describe.each(storageModes())('input the database refuses, on %s', (storage) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('refusals', storage);
    await migrate(db, SHARED_MIGRATIONS_DIR);
    await db.exec(`
      CREATE TABLE wallets (user_id text PRIMARY KEY);
      CREATE TABLE charges (
        user_id text NOT NULL REFERENCES wallets (user_id),
        amount bigint NOT NULL CHECK (amount > 0)
      );
      INSERT INTO wallets VALUES ('demo');`);
  });
  afterAll(() => db.close());

  const sqlStateOf = (work: Promise<unknown>) =>
    work.then(
      () => 'none',
      (error: unknown) => clientSqlState(error),
    );

  it.each([
    ['22021', 'text with a NUL byte', 'SELECT $1::text', ['a\u0000b']],
    ['22P02', 'a number that is not one', 'SELECT $1::integer', ['NaN']],
    ['23503', 'a reference to nothing', 'INSERT INTO charges VALUES ($1, 1)', ['nobody']],
    ['23514', 'a broken CHECK', "INSERT INTO charges VALUES ('demo', $1)", [-5]],
  ])('names SQLSTATE %s for %s', async (code, _, sql, params) => {
    expect(await sqlStateOf(db.query(sql, params))).toBe(code);
  });

  it.each([5e-324, -5e-324, 1e-310, -0])(
    'lets %s reach float8 arithmetic as 0 instead of underflowing',
    async (tiny) => {
      const [row] = await db.query<{ angle: number }>('SELECT radians($1::float8) AS angle', [
        tiny,
      ]);
      expect(row!.angle).toBe(0);
    },
  );

  it.each([Infinity, -Infinity, NaN])('refuses %s before it reaches SQL', async (number) => {
    await expect(db.query('SELECT $1::float8', [number])).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('answers an integrity violation in a mutation as a userError, with nothing written', async () => {
    const charge = (tx: Parameters<Parameters<typeof runMutation>[2]>[0], userId: string) =>
      tx.query('INSERT INTO charges VALUES ($1, 100)', [userId]).then(() => ({ userErrors: [] }));
    const plain = await runMutation(db, { actor: 'u-new', operation: 'charge', input: {} }, (tx) =>
      charge(tx, 'u-new'),
    );
    const keyed = await withIdempotency(
      db,
      { actor: 'u-new', operation: 'charge', key: 'charge-no-wallet-1', input: {} },
      (tx) => charge(tx, 'u-new'),
    );
    for (const result of [plain, keyed]) {
      expect(result.userErrors).toEqual([
        { code: 'REFERENCE_NOT_FOUND', message: expect.stringContaining('does not exist') },
      ]);
    }
    const [written] = await db.query<{ n: number }>(
      "SELECT (SELECT count(*) FROM charges) + (SELECT count(*) FROM idempotency_keys WHERE key = 'charge-no-wallet-1') AS n",
    );
    expect(written!.n).toBe(0);
  });

  it('keeps a data exception in a mutation an error, for the error masker to answer', async () => {
    const failed = runMutation(db, { actor: 'demo', operation: 'note', input: {} }, async (tx) => {
      await tx.query('SELECT $1::text', ['\u0000']);
      return { userErrors: [] };
    });
    expect(await sqlStateOf(failed)).toBe('22021');
  });
});
