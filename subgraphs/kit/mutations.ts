/**
 * What every mutation shares. Business failures (out of stock, not eligible,
 * already settled) are returned as `userErrors` in the payload, Shopify-style;
 * top-level GraphQL errors are kept for malformed requests and faults.
 *
 * Money-moving and order-placing mutations take an idempotency key: the key is
 * recorded in the same transaction as the change, so the same key with the
 * same input replays the first result exactly — even when the first response
 * never reached the client — and the same key with other input is refused.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Database, SqlClient } from './database';
import {
  badUserInput,
  clientSqlState,
  databaseRefusalMessage,
  ErrorCode,
  unauthenticated,
} from '../../lib/errors';

export interface UserError {
  /** Machine-readable reason, e.g. OUT_OF_STOCK. */
  code: string;
  message: string;
  /** Path to the input field at fault, if one is. */
  field?: string[];
}

export function userError(code: string, message: string, field?: string[]): UserError {
  return field ? { code, message, field } : { code, message };
}

/**
 * Thrown inside a mutation's transaction to roll everything back and answer
 * with `userErrors`: nothing is written, not even the idempotency key, so the
 * client may correct the input and retry with the same key.
 */
export class UserErrors extends Error {
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
    this.name = 'UserErrors';
  }
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface IdempotentRequest {
  /** Who the key belongs to: keys of different users never meet. */
  actor: string;
  /** The mutation, e.g. `foodOrderPlace`. */
  operation: string;
  key: string;
  /** The input the key is bound to; compared by a hash of its canonical JSON. */
  input: unknown;
}

/** A payload record: plain JSON (ids, amounts, userErrors) so a replay is exact. */
export type PayloadRecord = { userErrors: UserError[] } & Record<string, unknown>;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

const INTEGRITY_REFUSAL_CODES: Record<string, string> = {
  '23503': 'REFERENCE_NOT_FOUND',
  '23505': 'ALREADY_EXISTS',
};

/**
 * A mutation the database refused for an integrity constraint (class 23: a
 * payer without a wallet, a duplicate) is a business refusal like any other:
 * answered as a userError, with nothing written. Data exceptions (class 22)
 * stay errors, BAD_USER_INPUT (see createErrorMasker).
 */
function integrityRefusal(error: unknown): { userErrors: UserError[] } | undefined {
  const sqlState = clientSqlState(error);
  if (!sqlState?.startsWith('23')) return undefined;
  return {
    userErrors: [
      userError(
        INTEGRITY_REFUSAL_CODES[sqlState] ?? 'CONSTRAINT_VIOLATED',
        databaseRefusalMessage(sqlState),
      ),
    ],
  };
}

/**
 * Runs `work` once per (actor, operation, key) in one transaction with the key
 * itself. A concurrent duplicate waits on the key's row and then replays the
 * stored result; a failed attempt (thrown error or `UserErrors`) leaves no key.
 */
export async function withIdempotency<R extends PayloadRecord>(
  db: Database,
  request: IdempotentRequest,
  work: (tx: SqlClient) => Promise<R>,
): Promise<R | { userErrors: UserError[] }> {
  if (!IDEMPOTENCY_KEY.test(request.key)) {
    throw badUserInput(
      'idempotencyKey must be 8 to 128 letters, digits or _ . : - (a UUID works)',
      'idempotencyKey',
    );
  }
  const hash = requestHash(request.input);
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx.query(
        `INSERT INTO idempotency_keys (actor, operation, key, request_hash)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING
         RETURNING 1`,
        [request.actor, request.operation, request.key, hash],
      );
      if (claimed.length === 0) {
        const [previous] = await tx.query<{ request_hash: string; response: R }>(
          `SELECT request_hash, response FROM idempotency_keys
            WHERE actor = $1 AND operation = $2 AND key = $3`,
          [request.actor, request.operation, request.key],
        );
        if (!previous || previous.request_hash !== hash) {
          throw new GraphQLError(
            'This idempotencyKey was already used with a different input; use a new key for a new request',
            {
              extensions: {
                code: ErrorCode.BAD_USER_INPUT,
                argument: 'idempotencyKey',
                reason: 'IDEMPOTENCY_KEY_REUSED',
              },
            },
          );
        }
        return previous.response;
      }
      const result = await work(tx);
      await tx.query(
        `UPDATE idempotency_keys SET response = $4
          WHERE actor = $1 AND operation = $2 AND key = $3`,
        [request.actor, request.operation, request.key, JSON.stringify(result)],
      );
      return result;
    });
  } catch (error) {
    if (error instanceof UserErrors) return { userErrors: error.userErrors };
    const refusal = integrityRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

/**
 * A refusal that knows when the request would succeed (a rate limit): its
 * time survives the rollback as the payload's `retryAt`.
 */
export class RefusedUntil extends UserErrors {
  constructor(
    userErrors: UserError[],
    readonly retryAt: Date,
  ) {
    super(userErrors);
  }
}

export interface MutationRequest {
  actor: string;
  operation: string;
  /** Without a key the mutation simply runs once per call. */
  idempotencyKey?: string | null;
  input: unknown;
}

export type MutationResult<R extends PayloadRecord> =
  R | { userErrors: UserError[]; retryAt?: string };

/**
 * Runs a mutation in one transaction — through withIdempotency when the client
 * sent a key — answering business refusals (UserErrors) as userErrors.
 */
export async function runMutation<R extends PayloadRecord>(
  db: Database,
  request: MutationRequest,
  work: (tx: SqlClient) => Promise<R>,
): Promise<MutationResult<R>> {
  const refusals: RefusedUntil[] = [];
  const guarded = async (tx: SqlClient) => {
    try {
      return await work(tx);
    } catch (error) {
      if (error instanceof RefusedUntil) refusals.push(error);
      throw error;
    }
  };
  let result: R | { userErrors: UserError[] };
  if (request.idempotencyKey != null) {
    result = await withIdempotency(
      db,
      {
        actor: request.actor,
        operation: request.operation,
        key: request.idempotencyKey,
        input: request.input,
      },
      guarded,
    );
  } else {
    try {
      result = await db.transaction(guarded);
    } catch (error) {
      if (error instanceof UserErrors) result = { userErrors: error.userErrors };
      else result = integrityRefusal(error) ?? rethrow(error);
    }
  }
  const refusal = refusals[0];
  return refusal ? { ...result, retryAt: refusal.retryAt.toISOString() } : result;
}

function rethrow(error: unknown): never {
  throw error;
}

/** The signed-in user a mutation acts for; anonymous requests are refused. */
export function requireViewer(viewerId: string | null, doing: string): string {
  if (!viewerId) throw unauthenticated(`Sign in to ${doing}`);
  return viewerId;
}
