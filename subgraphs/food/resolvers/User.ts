import { decodeCursor, encodeCursor } from '../../../lib/cursor';
import { badUserInput } from '../../../lib/errors';
import type { FoodContext } from '../context';
import type { FoodOrderRow } from '../data/loaders';

type OrderCursor = [placedAt: string, id: string];

const MAX_PAGE_SIZE = 100;

function isOrderCursor(value: unknown): value is OrderCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string'
  );
}

export const User = {
  __resolveReference: (user: { id: string }) => user,

  /** Private: a user's orders are theirs alone, so anyone else gets null. */
  foodOrders: async (
    user: { id: string },
    { first, after }: { first: number; after: string | null },
    { viewerId, db }: FoodContext,
  ) => {
    if (viewerId !== user.id) return null;
    if (!(first > 0 && first <= MAX_PAGE_SIZE)) {
      throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
    }
    const cursor = after ? decodeCursor(after, isOrderCursor) : null;
    const rows = await db.query<FoodOrderRow>(
      `SELECT id, user_id, store_id, status, total, placed_at FROM food_orders
        WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (placed_at, id) < ($2::timestamptz, $3::text))
        ORDER BY placed_at DESC, id DESC
        LIMIT $4`,
      [user.id, cursor?.[0] ?? null, cursor?.[1] ?? null, first + 1],
    );
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor([row.placed_at.toISOString(), row.id] satisfies OrderCursor),
      node: row,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};
