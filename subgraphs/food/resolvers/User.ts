import { decodeCursor, encodeCursor } from '../../kit/cursor';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { isOrderCursor, type OrderCursor } from '../orderCursor';

export const User: UserResolvers = {
  __resolveReference: (user) => user,

  /** Private: a user's orders are theirs alone, so anyone else gets null. */
  foodOrders: async (user, { first, after }, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    const cursor = after ? decodeCursor(after, isOrderCursor) : null;
    const rows = await loaders
      .ordersByUser({ first, after: cursor ? { placedAt: cursor[0], id: cursor[1] } : null })
      .load(user.id);
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor([row.placed_at_exact, row.id] satisfies OrderCursor),
      node: row,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};
