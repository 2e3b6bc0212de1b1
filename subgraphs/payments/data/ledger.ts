import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../kit/database';
import type { LedgerEntryRow } from './rows';

export type LedgerTransactionKind = 'TOP_UP' | 'PAYMENT' | 'REFUND' | 'MEMBERSHIP_SETTLEMENT';

export interface Posting {
  accountId: string;
  amount: number;
}

/** An account that may not go below zero would have: the whole transaction must roll back. */
export class InsufficientFunds extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} cannot cover the transaction`);
    this.name = 'InsufficientFunds';
  }
}

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export const walletAccount = (userId: string) => `wallet:${userId}`;
export const merchantAccount = (merchantId: string) => `merchant:${merchantId}`;

/**
 * Records one balanced journal transaction and moves the account balances with
 * it, inside the caller's database transaction. Accounts are updated in id
 * order so that concurrent transactions on PostgreSQL lock them in the same
 * order and cannot deadlock.
 */
export async function postTransaction(
  tx: SqlClient,
  transaction: { kind: LedgerTransactionKind; reference: string; postings: Posting[] },
): Promise<string> {
  const { postings } = transaction;
  if (postings.length < 2) throw new Error('a ledger transaction needs at least two postings');
  let sum = 0;
  for (const posting of postings) {
    if (!Number.isSafeInteger(posting.amount) || posting.amount === 0) {
      throw new Error(`a posting must be a non-zero whole number of fen, got ${posting.amount}`);
    }
    sum += posting.amount;
  }
  if (sum !== 0) throw new Error(`ledger transaction does not balance: off by ${sum} fen`);

  const id = newId('jt');
  await tx.query('INSERT INTO journal_transactions (id, kind, reference) VALUES ($1, $2, $3)', [
    id,
    transaction.kind,
    transaction.reference,
  ]);
  for (const posting of [...postings].sort((a, b) => (a.accountId < b.accountId ? -1 : 1))) {
    const moved = await tx.query(
      `UPDATE accounts SET balance = balance + $2
        WHERE id = $1 AND (overdraft_allowed OR balance + $2 >= 0)
        RETURNING balance`,
      [posting.accountId, posting.amount],
    );
    if (moved.length === 0) throw new InsufficientFunds(posting.accountId);
  }
  await tx.query(
    `INSERT INTO ledger_entries (transaction_id, account_id, amount)
     SELECT $1, account_id, amount FROM unnest($2::text[], $3::bigint[]) AS p(account_id, amount)`,
    [id, postings.map((p) => p.accountId), postings.map((p) => p.amount)],
  );
  return id;
}

/** Makes sure the accounts exist: wallets and merchants are opened on first use. */
export async function openAccounts(
  tx: SqlClient,
  accounts: { id: string; kind: 'USER_WALLET' | 'MERCHANT'; ownerId: string }[],
): Promise<void> {
  for (const account of accounts) {
    await tx.query(
      `INSERT INTO accounts (id, kind, owner_id, overdraft_allowed)
       VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [account.id, account.kind, account.ownerId, account.kind === 'MERCHANT'],
    );
  }
}

/** A wallet's ledger entries, newest first: `limit` of them older than entry `before`. */
export function walletEntries(
  db: SqlClient,
  userId: string,
  page: { before: number | null; limit: number },
): Promise<LedgerEntryRow[]> {
  return accountEntries(db, walletAccount(userId), page);
}

/** An account's ledger entries, newest first, before the entry `page.before`. */
export function accountEntries(
  db: SqlClient,
  accountId: string,
  page: { before: number | null; limit: number },
): Promise<LedgerEntryRow[]> {
  return db.query<LedgerEntryRow>(
    `SELECT e.id, e.amount, t.kind, t.reference, e.created_at
       FROM ledger_entries e JOIN journal_transactions t ON t.id = e.transaction_id
      WHERE e.account_id = $1 AND ($2::bigint IS NULL OR e.id < $2)
      ORDER BY e.id DESC
      LIMIT $3`,
    [accountId, page.before, page.limit],
  );
}
