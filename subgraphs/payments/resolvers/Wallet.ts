import { decodeCursor, encodeCursor } from '../../kit/cursor';
import type { LedgerEntryResolvers, WalletResolvers } from '../__generated__/resolvers-types';
import { walletEntries } from '../data/ledger';

export const Wallet: WalletResolvers = {
  balance: ({ userId }, _, { loaders }) => loaders.walletBalanceByUser.load(userId),

  entries: async ({ userId }, { first, after }, { db }) => {
    const before = after ? decodeCursor(after, (v): v is number => Number.isSafeInteger(v)) : null;
    const rows = await walletEntries(db, userId, { before, limit: first + 1 });
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row.id), node: row }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};

export const LedgerEntry: LedgerEntryResolvers = {
  id: (row) => String(row.id),
  createdAt: (row) => row.created_at,
};
