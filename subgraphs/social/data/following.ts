import type { SqlClient } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';

/**
 * Makes a user a member of the social network, as a personal account, if they
 * are not one yet: members are who others may follow and message.
 */
export async function openAccount(tx: SqlClient, userId: string): Promise<void> {
  await tx.query(
    `INSERT INTO accounts (user_id, kind) VALUES ($1, 'PERSONAL') ON CONFLICT DO NOTHING`,
    [userId],
  );
}

/** Refuses an id no member of the social network has. */
export async function requireMember(tx: SqlClient, userId: string, field: string[]): Promise<void> {
  const known = await tx.query('SELECT 1 FROM accounts WHERE user_id = $1', [userId]);
  if (known.length === 0) {
    throw new UserErrors([
      userError('NOT_FOUND', `No member of the social network has the id "${userId}"`, field),
    ]);
  }
}

/**
 * Starts or stops `followerId` following the user `followeeId`. Either is
 * idempotent: following twice (or racing) keeps one follow, the primary key's.
 */
export async function setUserFollow(
  tx: SqlClient,
  followerId: string,
  followeeId: string,
  following: boolean,
): Promise<{ userId: string; following: boolean }> {
  const field = ['input', 'userId'];
  if (following && followeeId === followerId) {
    throw new UserErrors([userError('CANNOT_FOLLOW_SELF', 'You cannot follow yourself', field)]);
  }
  await requireMember(tx, followeeId, field);
  if (following) {
    await openAccount(tx, followerId);
    await tx.query(
      `INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [followerId, followeeId],
    );
  } else {
    await tx.query('DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2', [
      followerId,
      followeeId,
    ]);
  }
  return { userId: followeeId, following };
}

/** Starts or stops `userId` following a life account; idempotent like setUserFollow. */
export async function setLifeAccountFollow(
  tx: SqlClient,
  userId: string,
  lifeAccountId: string,
  following: boolean,
): Promise<{ lifeAccountId: string; following: boolean }> {
  const known = await tx.query('SELECT 1 FROM life_accounts WHERE id = $1', [lifeAccountId]);
  if (known.length === 0) {
    throw new UserErrors([
      userError('NOT_FOUND', `Life account "${lifeAccountId}" does not exist`, [
        'input',
        'lifeAccountId',
      ]),
    ]);
  }
  if (following) {
    await openAccount(tx, userId);
    await tx.query(
      `INSERT INTO life_account_followers (life_account_id, user_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING`,
      [lifeAccountId, userId],
    );
  } else {
    await tx.query(
      'DELETE FROM life_account_followers WHERE life_account_id = $1 AND user_id = $2',
      [lifeAccountId, userId],
    );
  }
  return { lifeAccountId, following };
}
