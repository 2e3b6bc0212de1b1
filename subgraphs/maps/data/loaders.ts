import type { SubgraphContext } from '../../kit/subgraph';
import type { Database } from '../../kit/database';
import { DataLoader, loaderFamily, manyByKey, oneByKey } from '../../kit/loaders';
import {
  BUSINESS_AREA_COLUMNS,
  STORE_COLUMNS,
  type ArrivalCouponRow,
  type ArrivalOfferRow,
  type BusinessAreaRow,
  type StoreRow,
} from './rows';
import { findStoresInAreas, type AreaStoresPage, type NearbyRow } from './stores';

export function createLoaders(db: Database, viewerId: string | null) {
  return {
    storeById: new DataLoader<string, StoreRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<StoreRow>(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = ANY($1)`, [ids]),
        (row) => row.id,
      ),
    ),
    businessAreaById: new DataLoader<string, BusinessAreaRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<BusinessAreaRow>(
          `SELECT ${BUSINESS_AREA_COLUMNS} FROM business_areas WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    /** One page of each area's stores; every area asking with the same page shares a batch. */
    storesInArea: loaderFamily(
      (page: AreaStoresPage) =>
        new DataLoader<string, NearbyRow[]>(async (areaIds) =>
          manyByKey(areaIds, await findStoresInAreas(db, areaIds, page), (row) => row.area_id),
        ),
    ),
    arrivalOfferByStore: new DataLoader<string, ArrivalOfferRow | null>(async (storeIds) =>
      oneByKey(
        storeIds,
        await db.query<ArrivalOfferRow>(
          `SELECT store_id, title, title_en, discount, minimum_spend
             FROM store_arrival_offers WHERE store_id = ANY($1)`,
          [storeIds],
        ),
        (row) => row.store_id,
      ),
    ),
    /** Coupons are private: only the viewer's own ever load. */
    viewerArrivalCouponById: new DataLoader<string, ArrivalCouponRow | null>(async (ids) =>
      viewerId === null
        ? ids.map(() => null)
        : oneByKey(
            ids,
            await db.query<ArrivalCouponRow>(
              `SELECT id, user_id, store_id, arrival_day::text AS arrival_day, title, title_en,
                      discount, minimum_spend, issued_at, valid_until
                 FROM arrival_coupons WHERE id = ANY($1) AND user_id = $2`,
              [ids, viewerId],
            ),
            (row) => row.id,
          ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
