import { ErrorCode, fieldDenied, notFound, unauthenticated } from '../../../lib/errors';
import { decodeCursor } from '../../kit/cursor';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { ORDER_COLUMNS, type FoodOrderRow } from '../data/rows';
import { isOrderCursor, orderPage } from '../orderCursor';
import { OPEN_KITCHEN_STATUSES } from '../orderStatus';

export const Query: QueryResolvers = {
  foodOrder: async (_, { id }, { viewerId, loaders }) => {
    if (!viewerId) throw unauthenticated('Sign in to see food orders');
    const order = await loaders.visibleOrderById.load(id);
    if (!order) throw notFound('Food order', id);
    return order;
  },

  kitchenOrders: async (_, { storeId, statuses, first, after }, { viewerId, db }) => {
    if (!viewerId) throw unauthenticated("Sign in as the store's staff to see its orders");
    const [store] = await db.query<{ is_staff: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM store_staff s WHERE s.store_id = r.store_id AND s.user_id = $2) AS is_staff
         FROM restaurants r WHERE r.store_id = $1`,
      [storeId, viewerId],
    );
    if (!store) throw notFound('Kitchen of store', storeId);
    if (!store.is_staff)
      throw fieldDenied(ErrorCode.FORBIDDEN, "Only the store's staff see its kitchen queue");
    const cursor = after ? decodeCursor(after, isOrderCursor) : null;
    const rows = await db.query<FoodOrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM food_orders
        WHERE store_id = $1 AND status = ANY($2)
          AND ($3::timestamptz IS NULL OR (placed_at, id) > ($3::timestamptz, $4::text))
        ORDER BY placed_at, id
        LIMIT $5`,
      [
        storeId,
        statuses ?? OPEN_KITCHEN_STATUSES,
        cursor?.[0] ?? null,
        cursor?.[1] ?? null,
        first + 1,
      ],
    );
    return orderPage(rows, first);
  },
};
