import type { Database } from '../../../lib/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../../lib/loaders';

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
}

export interface LightShopRow {
  id: string;
  store_id: string;
  brand_id: string;
}

export interface FavoriteRow {
  user_id: string;
  kind: string;
  target_id: string;
  title: string;
  benefit: string | null;
  added_at: Date;
}

export interface CouponRow {
  id: string;
  user_id: string;
  title: string;
  discount: number;
  minimum_spend: number;
  valid_until: Date;
  used_at: Date | null;
}

type StoreProductRow = ProductRow & { store_id: string };

const PRODUCT_COLUMNS = 'p.id, p.brand_id, p.name, p.name_en, p.price';

export function createLoaders(db: Database) {
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
          `SELECT b.id, b.name, b.name_en,
                  f.id AS flagship_id, f.name AS flagship_name, f.name_en AS flagship_name_en
             FROM brands b JOIN flagship_shops f ON f.brand_id = b.id
            WHERE b.id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    lightShopByStore: new DataLoader<string, LightShopRow | null>(async (storeIds) =>
      oneByKey(
        storeIds,
        await db.query<LightShopRow>(
          'SELECT id, store_id, brand_id FROM light_shops WHERE store_id = ANY($1)',
          [storeIds],
        ),
        (row) => row.store_id,
      ),
    ),
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
    favoritesByUser: new DataLoader<string, FavoriteRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<FavoriteRow>(
          `SELECT user_id, kind, target_id, title, benefit, added_at FROM favorites
            WHERE user_id = ANY($1) ORDER BY user_id, added_at DESC, target_id`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    couponsByUser: new DataLoader<string, CouponRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<CouponRow>(
          `SELECT id, user_id, title, discount, minimum_spend, valid_until, used_at FROM coupons
            WHERE user_id = ANY($1) ORDER BY user_id, valid_until, id`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
  };
}

export type CommerceLoaders = ReturnType<typeof createLoaders>;
