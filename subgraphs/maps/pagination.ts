import { badUserInput } from '../../lib/errors';
import { decodeCursor, encodeCursor } from '../kit/cursor';
import type { SqlClient } from '../kit/database';
import { checkPoint, type GeoPoint } from '../kit/geo';
import {
  findNearbyStores,
  type DistanceCursor,
  type NearbyRow,
  type NearbySearch,
} from './data/stores';

type DistanceCursorJson = [distance: number, id: string];

function isDistanceCursor(value: unknown): value is DistanceCursorJson {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    Number.isFinite(value[0]) &&
    typeof value[1] === 'string'
  );
}

export function decodeDistanceCursor(after: string | null | undefined): DistanceCursor | null {
  if (!after) return null;
  const [distance, id] = decodeCursor(after, isDistanceCursor);
  return { distance, id };
}

/**
 * A page of stores, from rows fetched one past the page size. The cursor keeps
 * the exact distance, not the rounded one, so no store is skipped or repeated.
 */
export function storeConnection(rows: readonly NearbyRow[], first: number) {
  const edges = rows.slice(0, first).map((row) => ({
    cursor: encodeCursor([row.distance, row.id] satisfies DistanceCursorJson),
    distanceMeters: Math.round(row.distance),
    node: row,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

const MAX_RADIUS_METERS = 50_000;

/**
 * A page of the stores near a point, as nearbyStores and Brand.stores search:
 * the point and the radius checked, the cursor decoded, one statement.
 */
export async function nearbyStoreConnection(
  db: SqlClient,
  args: Omit<NearbySearch, 'lat' | 'lng' | 'after'> & {
    near: GeoPoint;
    after?: string | null;
  },
) {
  checkPoint(args.near, 'near');
  if (!(args.radiusMeters > 0 && args.radiusMeters <= MAX_RADIUS_METERS)) {
    throw badUserInput(`radiusMeters must be between 1 and ${MAX_RADIUS_METERS}`, 'radiusMeters');
  }
  const after = decodeDistanceCursor(args.after);
  const rows = await findNearbyStores(db, {
    lat: args.near.lat,
    lng: args.near.lng,
    radiusMeters: args.radiusMeters,
    category: args.category,
    businessAreaId: args.businessAreaId,
    brandId: args.brandId,
    first: args.first,
    after,
  });
  return storeConnection(rows, args.first);
}
