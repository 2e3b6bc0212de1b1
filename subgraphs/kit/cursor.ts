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
