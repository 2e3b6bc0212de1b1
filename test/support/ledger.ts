import type { Database } from '../../subgraphs/kit/database';

/**
 * The ledger's invariants: every transaction balances, so all entries sum to
 * zero; and each account's balance is exactly the sum of its entries.
 */
export async function expectLedgerBalanced(db: Database): Promise<void> {
  const [total] = await db.query<{ sum: number }>(
    'SELECT COALESCE(sum(amount), 0) AS sum FROM ledger_entries',
  );
  expect(total!.sum).toBe(0);
  const unbalanced = await db.query(
    `SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0`,
  );
  expect(unbalanced).toEqual([]);
  const drifted = await db.query(
    `SELECT a.id, a.balance, COALESCE(e.total, 0) AS entries
       FROM accounts a
       LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) e
         ON e.account_id = a.id
      WHERE a.balance <> COALESCE(e.total, 0)`,
  );
  expect(drifted).toEqual([]);
}
