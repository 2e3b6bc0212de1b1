import { decodeCursor } from '../../kit/cursor';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { isOrderCursor, orderPage } from '../orderCursor';

export const User: UserResolvers = {
  __resolveReference: (user) => user,

  /** Private: a user's orders are theirs alone, so anyone else gets null. */
  foodOrders: async (user, { first, after }, { viewerId, loaders }) => {
    if (viewerId !== user.id) return null;
    const cursor = after ? decodeCursor(after, isOrderCursor) : null;
    const rows = await loaders
      .ordersByUser({ first, after: cursor ? { placedAt: cursor[0], id: cursor[1] } : null })
      .load(user.id);
    return orderPage(rows, first);
  },
};
