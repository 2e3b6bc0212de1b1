import { decodeCursor, encodeCursor } from '../../../lib/cursor';
import { badUserInput, notFound } from '../../../lib/errors';
import { checkPoint } from '../../../lib/geo';
import type { MapsContext } from '../context';
import { findNearbyStores } from '../data/nearby';

interface NearbyArgs {
  near: { lat: number; lng: number };
  radiusMeters: number;
  category: string | null;
  first: number;
  after: string | null;
}

type DistanceCursor = [distance: number, id: string];

const MAX_RADIUS_METERS = 50_000;
const MAX_PAGE_SIZE = 100;

function isDistanceCursor(value: unknown): value is DistanceCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string'
  );
}

export const Query = {
  store: async (_: unknown, { id }: { id: string }, { loaders }: MapsContext) => {
    const store = await loaders.storeById.load(id);
    if (!store) throw notFound('Store', id);
    return store;
  },

  nearbyStores: async (_: unknown, args: NearbyArgs, { db }: MapsContext) => {
    checkPoint(args.near, 'near');
    if (!(args.radiusMeters > 0 && args.radiusMeters <= MAX_RADIUS_METERS)) {
      throw badUserInput(`radiusMeters must be between 1 and ${MAX_RADIUS_METERS}`, 'radiusMeters');
    }
    if (!(args.first > 0 && args.first <= MAX_PAGE_SIZE)) {
      throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
    }
    const after = args.after ? decodeCursor(args.after, isDistanceCursor) : null;
    const rows = await findNearbyStores(db, {
      lat: args.near.lat,
      lng: args.near.lng,
      radiusMeters: args.radiusMeters,
      category: args.category,
      first: args.first,
      after: after ? { distance: after[0], id: after[1] } : null,
    });
    const page = rows.slice(0, args.first);
    const edges = page.map((row) => ({
      cursor: encodeCursor([row.distance, row.id] satisfies DistanceCursor),
      distanceMeters: Math.round(row.distance),
      node: row,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },
};
