import type { Database } from '../../../lib/database';
import { DataLoader, manyByKey, oneByKey } from '../../../lib/loaders';

export interface KitchenRow {
  store_id: string;
  base_fee: number;
  prep_minutes: number;
  delivery_radius_m: number;
  open_orders: number;
}

export interface MenuItemRow {
  id: string;
  store_id: string;
  name: string;
  name_en: string;
  price: number;
  available: boolean;
}

export interface FoodOrderRow {
  id: string;
  user_id: string;
  store_id: string;
  status: string;
  total: number;
  placed_at: Date;
}

export interface FoodOrderLineRow {
  order_id: string;
  menu_item_id: string;
  quantity: number;
  unit_price: number;
}

const MENU_COLUMNS = 'id, store_id, name, name_en, price, available';

export function createLoaders(db: Database) {
  return {
    /** A store's delivery settings with the orders waiting in its kitchen right now. */
    kitchenByStore: new DataLoader<string, KitchenRow | null>(async (storeIds) =>
      oneByKey(
        storeIds,
        await db.query<KitchenRow>(
          `SELECT r.store_id, r.base_fee, r.prep_minutes, r.delivery_radius_m,
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
  };
}

export type FoodLoaders = ReturnType<typeof createLoaders>;
