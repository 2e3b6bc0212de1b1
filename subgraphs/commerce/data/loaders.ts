import type { Database, SqlClient } from '../../kit/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../kit/loaders';
import type { SubgraphContext } from '../../kit/subgraph';
import {
  CAMPAIGN_COLUMNS,
  COUPON_COLUMNS,
  PRODUCT_COLUMNS,
  SHOP_ORDER_COLUMNS,
  type BrandRow,
  type CouponCampaignRow,
  type CouponRow,
  type FavoriteRow,
  type LightShopRow,
  type ProductRow,
  type ShopOrderLineRow,
  type ShopOrderRow,
  type StockLevelRow,
} from './rows';

/** A page of a user's orders: newest first, after an optional (placedAt, id) cursor. */
export interface ShopOrderPage {
  first: number;
  after: [placedAt: string, id: string] | null;
}

type StoreProductRow = ProductRow & { store_id: string };

export function createLoaders(db: Database) {
  const lightShopsBy = (column: 'id' | 'store_id') =>
    new DataLoader<string, LightShopRow | null>(async (keys) =>
      oneByKey(
        keys,
        await db.query<LightShopRow>(
          `SELECT id, store_id, brand_id FROM light_shops WHERE ${column} = ANY($1)`,
          [keys],
        ),
        (row) => row[column],
      ),
    );

  return {
    productById: new DataLoader<string, ProductRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<ProductRow>(
          `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    brandById: new DataLoader<string, BrandRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<BrandRow>(`${BRANDS_SQL} WHERE b.id = ANY($1)`, [ids]),
        (row) => row.id,
      ),
    ),
    lightShopByStore: lightShopsBy('store_id'),
    lightShopById: lightShopsBy('id'),
    /** The `first` featured products of each store's light shop: one query per page size. */
    featuredProductsByStore: loaderFamily(
      (first: number) =>
        new DataLoader<string, StoreProductRow[]>(async (storeIds) =>
          manyByKey(
            storeIds,
            await db.query<StoreProductRow>(
              `SELECT * FROM (
                  SELECT ls.store_id, ${PRODUCT_COLUMNS},
                         row_number() OVER (PARTITION BY ls.store_id ORDER BY s.featured_rank, p.id) AS n
                    FROM light_shops ls
                    JOIN light_shop_stock s ON s.light_shop_id = ls.id
                    JOIN products p ON p.id = s.product_id
                   WHERE ls.store_id = ANY($1)
                ) ranked
                WHERE n <= $2
                ORDER BY store_id, n`,
              [storeIds, first],
            ),
            (row) => row.store_id,
          ),
        ),
    ),
    stockByLightShop: new DataLoader<string, StockLevelRow[]>(async (lightShopIds) =>
      manyByKey(
        lightShopIds,
        await db.query<StockLevelRow>(
          `SELECT s.light_shop_id AS holder_id, s.quantity, ${PRODUCT_COLUMNS}
             FROM light_shop_stock s JOIN products p ON p.id = s.product_id
            WHERE s.light_shop_id = ANY($1)
            ORDER BY s.light_shop_id, s.featured_rank, p.id`,
          [lightShopIds],
        ),
        (row) => row.holder_id,
      ),
    ),
    stockByFlagshipShop: new DataLoader<string, StockLevelRow[]>(async (flagshipIds) =>
      manyByKey(
        flagshipIds,
        await db.query<StockLevelRow>(
          `SELECT w.flagship_shop_id AS holder_id, w.quantity, ${PRODUCT_COLUMNS}
             FROM warehouse_stock w JOIN products p ON p.id = w.product_id
            WHERE w.flagship_shop_id = ANY($1)
            ORDER BY w.flagship_shop_id, p.id`,
          [flagshipIds],
        ),
        (row) => row.holder_id,
      ),
    ),
    favoritesByUser: new DataLoader<string, FavoriteRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<FavoriteRow>(
          `SELECT f.user_id, f.kind, f.target_id, t.title, t.title_en, t.benefit, t.benefit_en, t.gift_campaign_id, f.added_at
             FROM favorites f JOIN favorite_targets t ON t.kind = f.kind AND t.id = f.target_id
            WHERE f.user_id = ANY($1)
            ORDER BY f.user_id, f.added_at DESC, f.target_id`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    couponsByUser: new DataLoader<string, CouponRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<CouponRow>(
          `SELECT ${COUPON_COLUMNS} FROM coupons
            WHERE user_id = ANY($1) ORDER BY user_id, valid_until, id`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    couponById: new DataLoader<string, CouponRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<CouponRow>(`SELECT ${COUPON_COLUMNS} FROM coupons WHERE id = ANY($1)`, [
          ids,
        ]),
        (row) => row.id,
      ),
    ),
    campaignById: new DataLoader<string, CouponCampaignRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<CouponCampaignRow>(
          `SELECT ${CAMPAIGN_COLUMNS} FROM coupon_campaigns WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    shopOrderById: new DataLoader<string, ShopOrderRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<ShopOrderRow>(
          `SELECT ${SHOP_ORDER_COLUMNS} FROM shop_orders WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    linesByShopOrder: new DataLoader<string, ShopOrderLineRow[]>(async (orderIds) =>
      manyByKey(
        orderIds,
        await db.query<ShopOrderLineRow>(
          `SELECT order_id, line_no, product_id, quantity, unit_price, source
             FROM shop_order_lines WHERE order_id = ANY($1) ORDER BY order_id, line_no`,
          [orderIds],
        ),
        (row) => row.order_id,
      ),
    ),
    /** One more order than the page holds, per user, so the page knows whether another follows. */
    shopOrdersByUser: loaderFamily(
      (page: ShopOrderPage) =>
        new DataLoader<string, ShopOrderRow[]>(async (userIds) =>
          manyByKey(
            userIds,
            await db.query<ShopOrderRow>(
              `SELECT ${SHOP_ORDER_COLUMNS} FROM (
                  SELECT o.*, row_number() OVER (PARTITION BY user_id ORDER BY placed_at DESC, id DESC) AS n
                    FROM shop_orders o
                   WHERE user_id = ANY($1)
                     AND ($2::timestamptz IS NULL OR (placed_at, id) < ($2::timestamptz, $3::text))
                ) ranked
                WHERE n <= $4
                ORDER BY user_id, n`,
              [userIds, page.after?.[0] ?? null, page.after?.[1] ?? null, page.first + 1],
            ),
            (row) => row.user_id,
          ),
        ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;

const BRANDS_SQL = `SELECT b.id, b.name, b.name_en, b.merchant_id,
       f.id AS flagship_id, f.name AS flagship_name, f.name_en AS flagship_name_en
  FROM brands b JOIN flagship_shops f ON f.brand_id = b.id`;

/** Every brand with its flagship shop, by English name. */
export function listBrands(db: SqlClient): Promise<BrandRow[]> {
  return db.query<BrandRow>(`${BRANDS_SQL} ORDER BY b.name_en, b.id`);
}
