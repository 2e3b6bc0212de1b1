import type { Database } from '../../kit/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../kit/loaders';

export interface ProductRow {
  id: string;
  brand_id: string;
  name: string;
  name_en: string;
  price: number;
}

export interface BrandRow {
  id: string;
  name: string;
  name_en: string;
  flagship_id: string;
  flagship_name: string;
  flagship_name_en: string;
  /** The wallet merchant paid for the brand's shop orders; null until one is contracted. */
  merchant_id: string | null;
}

export interface FlagshipShopRow {
  id: string;
  name: string;
  nameEn: string;
}

export interface LightShopRow {
  id: string;
  store_id: string;
  brand_id: string;
}

/** A product with the quantity one place (a light shop or a warehouse) holds. */
export type StockRow = ProductRow & { holder_id: string; quantity: number };

export interface FavoriteTargetRow {
  kind: string;
  id: string;
  title: string;
  benefit: string | null;
  gift_campaign_id: string | null;
}

export interface FavoriteRow {
  user_id: string;
  kind: string;
  target_id: string;
  title: string;
  benefit: string | null;
  gift_campaign_id: string | null;
  added_at: Date;
}

export interface CouponRow {
  id: string;
  user_id: string;
  campaign_id: string | null;
  title: string;
  discount: number;
  minimum_spend: number;
  claimed_at: Date;
  valid_until: Date;
  used_at: Date | null;
}

export interface CouponCampaignRow {
  id: string;
  title: string;
  discount: number;
  minimum_spend: number;
  channel: 'CLAIM' | 'FAVORITE_GIFT';
  budget: number;
  remaining: number;
  per_user_limit: number;
  claims_per_user_per_minute: number;
  claims_per_device_per_minute: number;
  coupon_valid_days: number;
  starts_at: Date;
  ends_at: Date;
}

export interface ShopOrderRow {
  id: string;
  user_id: string;
  store_id: string;
  light_shop_id: string;
  total: number;
  placed_at: Date;
  status: 'PLACED' | 'CANCELLED';
}

export interface ShopOrderLineRow {
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: number;
  source: 'LIGHT_SHOP' | 'FLAGSHIP_WAREHOUSE';
}

/** A page of a user's orders: newest first, after an optional (placedAt, id) cursor. */
export interface ShopOrderPage {
  first: number;
  after: [placedAt: string, id: string] | null;
}

type StoreProductRow = ProductRow & { store_id: string };

const PRODUCT_COLUMNS = 'p.id, p.brand_id, p.name, p.name_en, p.price';
export const CAMPAIGN_COLUMNS = `id, title, discount, minimum_spend, channel, budget, remaining,
  per_user_limit, claims_per_user_per_minute, claims_per_device_per_minute, coupon_valid_days,
  starts_at, ends_at`;
const COUPON_COLUMNS =
  'id, user_id, campaign_id, title, discount, minimum_spend, claimed_at, valid_until, used_at';
const SHOP_ORDER_COLUMNS = 'id, user_id, store_id, light_shop_id, total, placed_at, status';

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
        await db.query<BrandRow>(
          `SELECT b.id, b.name, b.name_en, b.merchant_id,
                  f.id AS flagship_id, f.name AS flagship_name, f.name_en AS flagship_name_en
             FROM brands b JOIN flagship_shops f ON f.brand_id = b.id
            WHERE b.id = ANY($1)`,
          [ids],
        ),
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
    stockByLightShop: new DataLoader<string, StockRow[]>(async (lightShopIds) =>
      manyByKey(
        lightShopIds,
        await db.query<StockRow>(
          `SELECT s.light_shop_id AS holder_id, s.quantity, ${PRODUCT_COLUMNS}
             FROM light_shop_stock s JOIN products p ON p.id = s.product_id
            WHERE s.light_shop_id = ANY($1)
            ORDER BY s.light_shop_id, s.featured_rank, p.id`,
          [lightShopIds],
        ),
        (row) => row.holder_id,
      ),
    ),
    stockByFlagshipShop: new DataLoader<string, StockRow[]>(async (flagshipIds) =>
      manyByKey(
        flagshipIds,
        await db.query<StockRow>(
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
          `SELECT f.user_id, f.kind, f.target_id, t.title, t.benefit, t.gift_campaign_id, f.added_at
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

export type CommerceLoaders = ReturnType<typeof createLoaders>;
