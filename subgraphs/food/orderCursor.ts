/**
 * Where a page of food orders ends: placed_at to the microsecond (UTC) and id,
 * so orders placed in one millisecond still page apart. The customer's orders
 * page newest first, a kitchen queue oldest first; both use this cursor.
 */
import { encodeCursor } from '../kit/cursor';
import type { FoodOrderRow } from './data/rows';

export type OrderCursor = [placedAt: string, id: string];

const EXACT_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function isOrderCursor(value: unknown): value is OrderCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    EXACT_UTC_TIME.test(value[0]) &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string'
  );
}

/** A connection's page of `rows`, fetched one beyond `first` to know whether more follow. */
export function orderPage(rows: FoodOrderRow[], first: number) {
  const edges = rows.slice(0, first).map((row) => ({
    cursor: encodeCursor([row.placed_at_exact, row.id] satisfies OrderCursor),
    node: row,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
