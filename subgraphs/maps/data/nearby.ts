import type { SqlClient } from '../../../lib/database';
import { STORE_COLUMNS, type StoreRow } from './loaders';

export interface NearbyQuery {
  lat: number;
  lng: number;
  radiusMeters: number;
  category: string | null;
  first: number;
  after: { distance: number; id: string } | null;
}

export type NearbyRow = StoreRow & { distance: number };

/**
 * Stores within the radius, nearest first, one page past the cursor. The
 * `earth_box @> ll_to_earth` condition is what the GiST index answers; the
 * exact distance check then trims the box's corners.
 */
export async function findNearbyStores(db: SqlClient, q: NearbyQuery): Promise<NearbyRow[]> {
  return db.query<NearbyRow>(
    `SELECT * FROM (
        SELECT ${STORE_COLUMNS},
               earth_distance(ll_to_earth($1, $2), ll_to_earth(lat, lng)) AS distance
          FROM stores
         WHERE earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(lat, lng)
           AND ($4::text IS NULL OR category = $4)
      ) nearby
      WHERE distance <= $3
        AND ($5::float8 IS NULL OR (distance, id) > ($5::float8, $6::text))
      ORDER BY distance, id
      LIMIT $7`,
    [
      q.lat,
      q.lng,
      q.radiusMeters,
      q.category,
      q.after?.distance ?? null,
      q.after?.id ?? null,
      q.first + 1,
    ],
  );
}
