import type { SqlClient } from '../../kit/database';
import { badUserInput } from '../../../lib/errors';
import { userError, UserErrors } from '../../kit/mutations';
import { RefusedUntil } from '../../kit/mutations';
import { LIFE_ACCOUNT_PUSHES_PER_WEEK, WEEK_START_SQL } from '../rules';

export const MAX_PUSH_TITLE = 40;
export const MAX_PUSH_BODY = 500;

export function validatePush(title: string, body: string): void {
  if (title.trim().length === 0 || [...title].length > MAX_PUSH_TITLE) {
    throw badUserInput(`title must be 1 to ${MAX_PUSH_TITLE} characters`, 'input.title');
  }
  if (body.trim().length === 0 || [...body].length > MAX_PUSH_BODY) {
    throw badUserInput(`body must be 1 to ${MAX_PUSH_BODY} characters`, 'input.body');
  }
}

/**
 * Pushes to a life account's followers, at most LIFE_ACCOUNT_PUSHES_PER_WEEK
 * times per Shanghai calendar week. The account's row lock makes its pushes
 * take turns, so racing pushes cannot all count the same two earlier ones.
 */
export async function pushToFollowers(
  tx: SqlClient,
  userId: string,
  lifeAccountId: string,
  title: string,
  body: string,
): Promise<{ pushId: string; lifeAccountId: string; nextPushAllowedAt: string | null }> {
  const [account] = await tx.query<{ owner_id: string; name_en: string; next_week: Date }>(
    `SELECT owner_id, name_en, ${WEEK_START_SQL} + interval '7 days' AS next_week
       FROM life_accounts WHERE id = $1 FOR UPDATE`,
    [lifeAccountId],
  );
  const field = ['input', 'lifeAccountId'];
  if (!account) {
    throw new UserErrors([
      userError('UNKNOWN_LIFE_ACCOUNT', `Life account "${lifeAccountId}" does not exist`, field),
    ]);
  }
  if (account.owner_id !== userId) {
    throw new UserErrors([
      userError(
        'NOT_ACCOUNT_OWNER',
        `Only the owner of ${account.name_en} may push from it`,
        field,
      ),
    ]);
  }
  const [week] = await tx.query<{ pushes: number }>(
    `SELECT count(*)::int AS pushes FROM life_account_pushes
      WHERE life_account_id = $1 AND pushed_at >= ${WEEK_START_SQL}`,
    [lifeAccountId],
  );
  const nextWeek = account.next_week;
  if (week!.pushes >= LIFE_ACCOUNT_PUSHES_PER_WEEK) {
    throw new RefusedUntil(
      [
        userError(
          'PUSH_LIMIT_REACHED',
          `${account.name_en} has pushed ${week!.pushes} times this week, the most a life account may (weeks start Monday 00:00 Asia/Shanghai); push again from ${nextWeek.toISOString()}`,
        ),
      ],
      nextWeek,
    );
  }
  const [push] = await tx.query<{ id: string }>(
    `INSERT INTO life_account_pushes (id, life_account_id, title, body)
     VALUES ('push-' || gen_random_uuid(), $1, $2, $3) RETURNING id`,
    [lifeAccountId, title, body],
  );
  return {
    pushId: push!.id,
    lifeAccountId,
    nextPushAllowedAt:
      week!.pushes + 1 >= LIFE_ACCOUNT_PUSHES_PER_WEEK ? nextWeek.toISOString() : null,
  };
}
