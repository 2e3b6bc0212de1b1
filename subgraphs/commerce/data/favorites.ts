import type { SqlClient } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';
import { campaignUsage, issueCoupon, refuseBlocked } from './coupons';
import type { FavoriteKind } from '../__generated__/enums';
import { CAMPAIGN_COLUMNS, type CouponCampaignRow, type FavoriteTargetRow } from './rows';

const targetField = ['input', 'targetId'];

/**
 * Adds a favorite and, the first time this user ever adds the target, gives
 * its gift. Two concurrent adds of one favorite take turns on the favorites
 * primary key, and only the one that inserted the row goes on to the gift.
 * The gift is a coupon like any other: a blacklisted account or device, or
 * one over the gift campaign's velocity windows, is refused the whole add
 * (nothing is written, and the gift is still theirs to come), and a user who
 * already holds the campaign's per-user limit adds the favorite without it.
 */
export async function addFavorite(
  tx: SqlClient,
  userId: string,
  favorite: { kind: FavoriteKind; targetId: string; deviceId: string },
): Promise<{ giftCouponId: string | null }> {
  const { kind, targetId, deviceId } = favorite;
  const [target] = await tx.query<FavoriteTargetRow>(
    'SELECT kind, id, title, title_en, benefit, benefit_en, gift_campaign_id FROM favorite_targets WHERE kind = $1 AND id = $2',
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

  await refuseBlocked(tx, userId, deviceId);
  // Locked as a claim locks it, so gifts and claims of one campaign take turns.
  const [campaign] = await tx.query<CouponCampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM coupon_campaigns WHERE id = $1 FOR UPDATE`,
    [target.gift_campaign_id],
  );
  const { held, tooFast } = await campaignUsage(tx, campaign!, userId, deviceId);
  if (tooFast) throw tooFast;
  if (held >= campaign!.per_user_limit) return { giftCouponId: null };
  // With the gift's budget spent nothing is recorded, so a user who got nothing
  // may still receive it if the campaign is topped up.
  const couponId = await issueCoupon(tx, target.gift_campaign_id, userId, deviceId);
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
    `SELECT kind, id, title, title_en, benefit, benefit_en, gift_campaign_id FROM favorite_targets
      WHERE $1::text IS NULL OR kind = $1
      ORDER BY kind, id
      LIMIT $2`,
    [kind, first],
  );
}
