import { badUserInput } from '../../lib/errors';

/** Opaque pagination cursors: base64url of a small JSON value. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor and checks its shape; anything else is the client's error. */
export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('The cursor is not one this API issued', 'after');
  }
  if (!isValid(value)) throw badUserInput('The cursor is not one this API issued', 'after');
  return value;
}

/** A row's time to the microsecond (UTC ISO 8601) and its id: rows of one millisecond still page apart. */
export interface TimePosition {
  at: string;
  id: string;
}

const EXACT_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function isTimeCursor(value: unknown): value is [string, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    EXACT_UTC_TIME.test(value[0]) &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string'
  );
}

/** The position an `after` cursor of a newest-first list names, or null without one. */
export function decodeTimeCursor(after: string | null | undefined): TimePosition | null {
  if (!after) return null;
  const [at, id] = decodeCursor(after, isTimeCursor);
  return { at, id };
}

/**
 * A connection from a page read one row long (`first + 1` rows), newest first:
 * the extra row only says there is a next page.
 */
export function timeConnection<Row extends { id: string }>(
  rows: readonly Row[],
  first: number,
  exactTimeOf: (row: Row) => string,
): {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
} {
  const edges = rows.slice(0, first).map((node) => ({
    cursor: encodeCursor([exactTimeOf(node), node.id]),
    node,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
