import { decodeCursor, encodeCursor } from '../../kit/cursor';
import type { PaymentsContext } from '../context';
import { walletAccount } from '../data/ledger';

interface WalletParent {
  userId: string;
}

interface EntryRow {
  id: number;
  amount: number;
  kind: string;
  reference: string;
  created_at: Date;
}

export const Wallet = {
  balance: ({ userId }: WalletParent, _: unknown, { loaders }: PaymentsContext) =>
    loaders.walletBalanceByUser.load(userId),

  entries: async (
    { userId }: WalletParent,
    { first, after }: { first: number; after: string | null },
    { db }: PaymentsContext,
  ) => {
    const before = after ? decodeCursor(after, (v): v is number => Number.isSafeInteger(v)) : null;
    const rows = await db.query<EntryRow>(
      `SELECT e.id, e.amount, t.kind, t.reference, e.created_at
         FROM ledger_entries e JOIN journal_transactions t ON t.id = e.transaction_id
        WHERE e.account_id = $1 AND ($2::bigint IS NULL OR e.id < $2)
        ORDER BY e.id DESC
        LIMIT $3`,
      [walletAccount(userId), before, first + 1],
    );
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row.id), node: row }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};

export const LedgerEntry = {
  id: (row: EntryRow) => String(row.id),
  createdAt: (row: EntryRow) => row.created_at,
};
