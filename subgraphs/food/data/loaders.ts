import type { SubgraphContext } from '../../kit/subgraph';
import type { Database } from '../../kit/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../kit/loaders';
import { STATUS_ORDER } from '../orderStatus';
import {
  MENU_COLUMNS,
  ORDER_COLUMNS,
  type FoodOrderStatusChangeRow,
  type FoodOrderLineRow,
  type FoodOrderRow,
  type HoursRow,
  type KitchenRow,
  type MenuItemRow,
} from './rows';

/** One page of a user's orders; JSON-serialisable, as it keys a loader family. */
export interface OrdersPage {
  first: number;
  after: { placedAt: string; id: string } | null;
}

export function createLoaders(db: Database, viewerId: string | null) {
  return {
    /** A store's kitchen: how it serves and quotes, with the orders waiting in it right now. */
    kitchenByStore: new DataLoader<string, KitchenRow | null>(async (storeIds) =>
      oneByKey(
        storeIds,
        await db.query<KitchenRow>(
          `SELECT r.store_id, r.base_fee, r.prep_minutes, r.delivery_radius_m, r.merchant_id,
                  r.offers_delivery, r.offers_pickup, r.offers_dine_in,
                  (SELECT count(*) FROM food_orders o
                    WHERE o.store_id = r.store_id AND o.status IN ('PLACED', 'ACCEPTED')) AS open_orders
             FROM restaurants r
            WHERE r.store_id = ANY($1)`,
          [storeIds],
        ),
        (row) => row.store_id,
      ),
    ),
    menuByStore: new DataLoader<string, MenuItemRow[]>(async (storeIds) =>
      manyByKey(
        storeIds,
        await db.query<MenuItemRow>(
          `SELECT ${MENU_COLUMNS} FROM menu_items WHERE store_id = ANY($1) ORDER BY store_id, position`,
          [storeIds],
        ),
        (row) => row.store_id,
      ),
    ),
    menuItemById: new DataLoader<string, MenuItemRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<MenuItemRow>(`SELECT ${MENU_COLUMNS} FROM menu_items WHERE id = ANY($1)`, [
          ids,
        ]),
        (row) => row.id,
      ),
    ),
    hoursByStore: new DataLoader<string, HoursRow[]>(async (storeIds) =>
      manyByKey(
        storeIds,
        await db.query<HoursRow>(
          `SELECT store_id, opens_at::text AS opens_at, closes_at::text AS closes_at
             FROM restaurant_hours WHERE store_id = ANY($1) ORDER BY store_id, opens_at`,
          [storeIds],
        ),
        (row) => row.store_id,
      ),
    ),
    /**
     * Orders the viewer may see: their own, and their store's if they are its
     * staff. Anyone else's come back null, exactly like orders that do not exist.
     */
    visibleOrderById: new DataLoader<string, FoodOrderRow | null>(async (ids) =>
      viewerId === null
        ? ids.map(() => null)
        : oneByKey(
            ids,
            await db.query<FoodOrderRow>(
              `SELECT ${ORDER_COLUMNS} FROM food_orders o
                WHERE o.id = ANY($1)
                  AND (o.user_id = $2 OR EXISTS (
                        SELECT 1 FROM store_staff s WHERE s.store_id = o.store_id AND s.user_id = $2))`,
              [ids, viewerId],
            ),
            (row) => row.id,
          ),
    ),
    /** A page of each user's orders, newest first, one row past the page. */
    ordersByUser: loaderFamily(
      (page: OrdersPage) =>
        new DataLoader<string, FoodOrderRow[]>(async (userIds) =>
          manyByKey(
            userIds,
            await db.query<FoodOrderRow>(
              `SELECT ${ORDER_COLUMNS} FROM (
                  SELECT o.*, row_number() OVER (PARTITION BY user_id ORDER BY placed_at DESC, id DESC) AS position
                    FROM food_orders o
                   WHERE user_id = ANY($1)
                     AND ($2::timestamptz IS NULL OR (placed_at, id) < ($2::timestamptz, $3::text))
                ) page
                WHERE position <= $4
                ORDER BY user_id, placed_at DESC, id DESC`,
              [userIds, page.after?.placedAt ?? null, page.after?.id ?? null, page.first + 1],
            ),
            (row) => row.user_id,
          ),
        ),
    ),
    linesByOrder: new DataLoader<string, FoodOrderLineRow[]>(async (orderIds) =>
      manyByKey(
        orderIds,
        await db.query<FoodOrderLineRow>(
          `SELECT order_id, menu_item_id, quantity, unit_price FROM food_order_lines
            WHERE order_id = ANY($1) ORDER BY order_id, line_no`,
          [orderIds],
        ),
        (row) => row.order_id,
      ),
    ),
    historyByOrder: new DataLoader<string, FoodOrderStatusChangeRow[]>(async (orderIds) =>
      manyByKey(
        orderIds,
        await db.query<FoodOrderStatusChangeRow>(
          `SELECT order_id, status, at, actor_role FROM food_order_history
            WHERE order_id = ANY($1)
            ORDER BY order_id, at, array_position($2::text[], status)`,
          [orderIds, STATUS_ORDER],
        ),
        (row) => row.order_id,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
