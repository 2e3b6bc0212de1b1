import { decodeCursor, encodeCursor } from '../../kit/cursor';
import type { UserResolvers } from '../__generated__/resolvers-types';

/** placed_at to the microsecond (UTC) and id: orders placed in one millisecond still page apart. */
type OrderCursor = [placedAt: string, id: string];

const EXACT_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function isOrderCursor(value: unknown): value is OrderCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    EXACT_UTC_TIME.test(value[0]) &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string'
  );
}

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
