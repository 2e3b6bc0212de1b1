import { decodeCursor, encodeCursor } from '../../kit/cursor';
import type { UserResolvers } from '../__generated__/resolvers-types';
import type { ShopOrderPage } from '../data/loaders';

type OrderCursor = NonNullable<ShopOrderPage['after']>;

function isOrderCursor(value: unknown): value is OrderCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string'
  );
}

/** A user's favorites, coupons and orders are theirs alone: anyone else gets null. */
export const User: UserResolvers = {
  __resolveReference: (user) => user,
  favorites: (user, _, { viewerId, loaders }) =>
    viewerId === user.id ? loaders.favoritesByUser.load(user.id) : null,
  coupons: (user, _, { viewerId, loaders }) =>
    viewerId === user.id ? loaders.couponsByUser.load(user.id) : null,
  shopOrders: async (user, { first, after }, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    const cursor = after ? decodeCursor(after, isOrderCursor) : null;
    const rows = await loaders.shopOrdersByUser({ first, after: cursor }).load(user.id);
    for (const row of rows) loaders.shopOrderById.prime(row.id, row);
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
