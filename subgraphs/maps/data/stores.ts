import { qualifiedColumns, type SqlClient } from '../../kit/database';
import { STORE_COLUMNS, type StoreRow } from './rows';

/** A store with its great-circle distance, in metres, from where the search measures. */
export type NearbyRow = StoreRow & { distance: number };

/** Where a page starts: the last (distance, id) of the page before. */
export interface DistanceCursor {
  distance: number;
  id: string;
}

export interface NearbySearch {
  lat: number;
  lng: number;
  radiusMeters: number;
  category: string | null;
  businessAreaId: string | null;
  brandId: string | null;
  first: number;
  after: DistanceCursor | null;
}

/**
 * Stores within the radius, nearest first, one row past the page (to tell
 * whether there is a next one). The `earth_box @> ll_to_earth(lat, lng)`
 * condition is what the stores_location GiST index answers; the exact distance
 * check then trims the box's corners. Filters are `$n IS NULL OR ...` so one
 * statement serves every combination; PostgreSQL plans an unnamed statement
 * with its parameter values, so an absent filter costs nothing.
 */
export const NEARBY_STORES_SQL = `SELECT * FROM (
    SELECT ${STORE_COLUMNS},
           earth_distance(ll_to_earth($1, $2), ll_to_earth(lat, lng)) AS distance
      FROM stores
     WHERE earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(lat, lng)
       AND ($4::text IS NULL OR category = $4)
       AND ($5::text IS NULL OR business_area_id = $5)
       AND ($9::text IS NULL OR brand_id = $9)
  ) nearby
  WHERE distance <= $3
    AND ($6::float8 IS NULL OR (distance, id) > ($6::float8, $7::text))
  ORDER BY distance, id
  LIMIT $8`;

export function nearbyStoresParams(search: NearbySearch): unknown[] {
  return [
    search.lat,
    search.lng,
    search.radiusMeters,
    search.category,
    search.businessAreaId,
    search.after?.distance ?? null,
    search.after?.id ?? null,
    search.first + 1,
    search.brandId,
  ];
}

export function findNearbyStores(db: SqlClient, search: NearbySearch): Promise<NearbyRow[]> {
  return db.query<NearbyRow>(NEARBY_STORES_SQL, nearbyStoresParams(search));
}

/** One page of an area's stores; JSON-serialisable, as it keys a loader family. */
export interface AreaStoresPage {
  category: string | null;
  first: number;
  after: DistanceCursor | null;
}

/**
 * A page of stores for each area, nearest the area's centre first, one row past
 * each page: one statement for any number of areas (stores_business_area finds
 * them, a window function cuts each area's page).
 */
export function findStoresInAreas(
  db: SqlClient,
  areaIds: readonly string[],
  page: AreaStoresPage,
): Promise<(NearbyRow & { area_id: string })[]> {
  const columns = qualifiedColumns('s', STORE_COLUMNS);
  return db.query(
    `SELECT * FROM (
        SELECT in_area.*,
               row_number() OVER (PARTITION BY area_id ORDER BY distance, id) AS position
          FROM (
            SELECT ${columns}, a.id AS area_id,
                   earth_distance(ll_to_earth(a.centre_lat, a.centre_lng), ll_to_earth(s.lat, s.lng)) AS distance
              FROM stores s
              JOIN business_areas a ON a.id = s.business_area_id
             WHERE s.business_area_id = ANY($1)
               AND ($2::text IS NULL OR s.category = $2)
          ) in_area
         WHERE $3::float8 IS NULL OR (distance, id) > ($3::float8, $4::text)
      ) ranked
      WHERE position <= $5
      ORDER BY area_id, distance, id`,
    [areaIds, page.category, page.after?.distance ?? null, page.after?.id ?? null, page.first + 1],
  );
}
