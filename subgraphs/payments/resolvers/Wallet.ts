import { decodeCursor, encodeCursor } from '../../kit/cursor';
import type { SqlClient } from '../../kit/database';
import type {
  LedgerEntryResolvers,
  MerchantAccountResolvers,
  WalletResolvers,
} from '../__generated__/resolvers-types';
import { accountEntries, merchantAccount, walletAccount } from '../data/ledger';

export const Wallet: WalletResolvers = {
  balance: ({ userId }, _, { loaders }) => loaders.balanceByAccount.load(walletAccount(userId)),
  entries: ({ userId }, { first, after }, { db }) =>
    entriesPage(db, walletAccount(userId), first, after),
};

export const MerchantAccount: MerchantAccountResolvers = {
  balance: ({ merchantId }, _, { loaders }) =>
    loaders.balanceByAccount.load(merchantAccount(merchantId)),
  entries: ({ merchantId }, { first, after }, { db }) =>
    entriesPage(db, merchantAccount(merchantId), first, after),
};

/** A page of an account's ledger entries, `first` after the cursor `after`. */
async function entriesPage(db: SqlClient, accountId: string, first: number, after?: string | null) {
  const before = after ? decodeCursor(after, (v): v is number => Number.isSafeInteger(v)) : null;
  const rows = await accountEntries(db, accountId, { before, limit: first + 1 });
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row.id), node: row }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export const LedgerEntry: LedgerEntryResolvers = {
  id: (row) => String(row.id),
  createdAt: (row) => row.created_at,
};
