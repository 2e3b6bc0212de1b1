/**
 * How this subgraph runs a mutation: one transaction, through withIdempotency
 * when the client sent a key, with business refusals (UserErrors) rolled back
 * and answered as userErrors. A refusal that knows when the request would
 * succeed (a rate limit) throws RefusedUntil, and that time survives the
 * rollback as `retryAt`, for the payload to show.
 */
import type { Database, SqlClient } from '../../lib/database';
import { unauthenticated } from '../../lib/errors';
import {
  UserErrors,
  withIdempotency,
  type PayloadRecord,
  type UserError,
} from '../../lib/mutations';

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
      if (!(error instanceof UserErrors)) throw error;
      result = { userErrors: error.userErrors };
    }
  }
  const refusal = refusals[0];
  return refusal ? { ...result, retryAt: refusal.retryAt.toISOString() } : result;
}

/** The signed-in user a mutation acts for; anonymous requests are refused. */
export function requireViewer(viewerId: string | null, doing: string): string {
  if (!viewerId) throw unauthenticated(`Sign in to ${doing}`);
  return viewerId;
}
