import { decodeCursor, encodeCursor } from '../kit/cursor';
import type { DistanceCursor, NearbyRow } from './data/stores';

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
