import type { SqlClient } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';
import { issueCoupon } from './coupons';
import type { FavoriteKind } from '../__generated__/enums';
import type { FavoriteTargetRow } from './rows';

const targetField = ['input', 'targetId'];

/**
 * Adds a favorite and, the first time this user ever adds the target, gives
 * its gift. Two concurrent adds of one favorite take turns on the favorites
 * primary key, and only the one that inserted the row goes on to the gift.
 */
export async function addFavorite(
  tx: SqlClient,
  userId: string,
  kind: FavoriteKind,
  targetId: string,
): Promise<{ giftCouponId: string | null }> {
  const [target] = await tx.query<FavoriteTargetRow>(
    'SELECT kind, id, title, benefit, gift_campaign_id FROM favorite_targets WHERE kind = $1 AND id = $2',
    [kind, targetId],
  );
  if (!target) {
    throw new UserErrors([
      userError(
        'UNKNOWN_FAVORITE_TARGET',
        `There is no ${kind === 'SHOP' ? 'shop' : 'mini-program'} "${targetId}" to add to favorites`,
        targetField,
      ),
    ]);
  }
  const added = await tx.query(
    `INSERT INTO favorites (user_id, kind, target_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [userId, kind, targetId],
  );
  if (added.length === 0 || !target.gift_campaign_id) return { giftCouponId: null };

  const given = await tx.query(
    'SELECT 1 FROM favorite_gifts WHERE user_id = $1 AND kind = $2 AND target_id = $3',
    [userId, kind, targetId],
  );
  if (given.length > 0) return { giftCouponId: null };
  // With the gift's budget spent nothing is recorded, so a user who got nothing
  // may still receive it if the campaign is topped up.
  const couponId = await issueCoupon(tx, target.gift_campaign_id, userId, null);
  if (!couponId) return { giftCouponId: null };
  await tx.query(
    'INSERT INTO favorite_gifts (user_id, kind, target_id, coupon_id) VALUES ($1, $2, $3, $4)',
    [userId, kind, targetId, couponId],
  );
  return { giftCouponId: couponId };
}

export async function removeFavorite(
  tx: SqlClient,
  userId: string,
  kind: FavoriteKind,
  targetId: string,
): Promise<void> {
  const removed = await tx.query(
    'DELETE FROM favorites WHERE user_id = $1 AND kind = $2 AND target_id = $3 RETURNING 1',
    [userId, kind, targetId],
  );
  if (removed.length === 0) {
    throw new UserErrors([
      userError('NOT_A_FAVORITE', `"${targetId}" is not among your favorites`, targetField),
    ]);
  }
}

/** The catalogue of what may be favorited, of one kind or all, in a stable order. */
export function listFavoriteTargets(
  db: SqlClient,
  kind: FavoriteKind | null,
  first: number,
): Promise<FavoriteTargetRow[]> {
  return db.query<FavoriteTargetRow>(
    `SELECT kind, id, title, benefit, gift_campaign_id FROM favorite_targets
      WHERE $1::text IS NULL OR kind = $1
      ORDER BY kind, id
      LIMIT $2`,
    [kind, first],
  );
}
