import type { SqlClient } from '../../kit/database';
import { badUserInput } from '../../../lib/errors';
import { userError, UserErrors } from '../../kit/mutations';
import { RefusedUntil } from '../../kit/mutations';
import { ceilToMillisecond, MINI_PROGRAM_SHARE_INTERVAL } from '../rules';
import type { ShareChannel } from '../__generated__/enums';
import { requireMember } from './following';

/** A private message goes to one member who follows the sender, never to the sender. */
async function checkRecipient(tx: SqlClient, senderId: string, recipientId: string): Promise<void> {
  const field = ['input', 'recipientId'];
  if (recipientId === senderId) {
    throw new UserErrors([
      userError('CANNOT_MESSAGE_SELF', 'A private message goes to someone else', field),
    ]);
  }
  await requireMember(tx, recipientId, field);
  const follows = await tx.query(
    'SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2',
    [recipientId, senderId],
  );
  if (follows.length === 0) {
    throw new UserErrors([
      userError(
        'RECIPIENT_NOT_FOLLOWING',
        `An account may send private messages only to members who follow it; "${recipientId}" does not`,
        field,
      ),
    ]);
  }
}

const NEXT_SHARE = ceilToMillisecond(`shared_at + interval '${MINI_PROGRAM_SHARE_INTERVAL}'`);

/** A private message names its recipient; no other channel has one. */
export function validateShare(channel: ShareChannel, recipientId: string | null | undefined): void {
  if (channel === 'PRIVATE_MESSAGE' && !recipientId) {
    throw badUserInput('A PRIVATE_MESSAGE needs a recipientId', 'input.recipientId');
  }
  if (channel !== 'PRIVATE_MESSAGE' && recipientId != null) {
    throw badUserInput(`A ${channel} share has no recipient`, 'input.recipientId');
  }
}

/**
 * Shares a mini-program as `userId`: whitelisted accounts only, one share per
 * rolling hour. A private message goes to a member who follows the account.
 * The account's row lock makes an account's shares take turns, so two racing
 * shares cannot both find the last hour empty.
 */
export async function shareMiniProgram(
  tx: SqlClient,
  userId: string,
  miniProgramId: string,
  channel: ShareChannel,
  recipientId: string | null,
): Promise<{ shareId: string; nextShareAllowedAt: string }> {
  const [account] = await tx.query<{ share_whitelisted: boolean }>(
    'SELECT share_whitelisted FROM accounts WHERE user_id = $1 FOR UPDATE',
    [userId],
  );
  if (!account?.share_whitelisted) {
    throw new UserErrors([
      userError(
        'NOT_WHITELISTED',
        'Only whitelisted enterprise accounts and large verified accounts may share mini-programs',
      ),
    ]);
  }
  const known = await tx.query('SELECT 1 FROM mini_programs WHERE id = $1', [miniProgramId]);
  if (known.length === 0) {
    throw new UserErrors([
      userError('UNKNOWN_MINI_PROGRAM', `Mini-program "${miniProgramId}" does not exist`, [
        'input',
        'miniProgramId',
      ]),
    ]);
  }
  if (recipientId !== null) await checkRecipient(tx, userId, recipientId);
  const [blocking] = await tx.query<{ next_at: Date }>(
    `SELECT ${NEXT_SHARE} AS next_at FROM mini_program_shares
      WHERE account_id = $1 AND shared_at + interval '${MINI_PROGRAM_SHARE_INTERVAL}' > now()
      ORDER BY shared_at DESC LIMIT 1`,
    [userId],
  );
  if (blocking) {
    throw new RefusedUntil(
      [
        userError(
          'TOO_MANY_SHARES',
          `An account may share one mini-program per hour; share again at ${blocking.next_at.toISOString()}`,
        ),
      ],
      blocking.next_at,
    );
  }
  const [share] = await tx.query<{ id: string; next_at: Date }>(
    `INSERT INTO mini_program_shares (id, account_id, mini_program_id, channel, recipient_id)
     VALUES ('share-' || gen_random_uuid(), $1, $2, $3, $4)
     RETURNING id, ${NEXT_SHARE} AS next_at`,
    [userId, miniProgramId, channel, recipientId],
  );
  return { shareId: share!.id, nextShareAllowedAt: share!.next_at.toISOString() };
}
