import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../kit/database';
import { userError, UserErrors } from '../../kit/mutations';
import { shanghaiDay } from '../../kit/time';
import type { StoreArrivePayloadRow } from './rows';

/**
 * Issues the store's arrival coupon to the user unless today's is already
 * theirs. The unique key (user, store, day) decides, not a prior read: two
 * arrivals racing each other insert once, and the loser reads the winner's coupon.
 */
export async function arriveAtStore(
  tx: SqlClient,
  userId: string,
  storeId: string,
  now: Date,
): Promise<StoreArrivePayloadRow> {
  const [store] = await tx.query<{
    id: string;
    title: string | null;
    title_en: string | null;
    discount: number | null;
    minimum_spend: number | null;
  }>(
    `SELECT s.id, o.title, o.title_en, o.discount, o.minimum_spend
       FROM stores s LEFT JOIN store_arrival_offers o ON o.store_id = s.id
      WHERE s.id = $1`,
    [storeId],
  );
  if (!store) {
    throw new UserErrors([
      userError('STORE_NOT_FOUND', `Store "${storeId}" was not found`, ['input', 'storeId']),
    ]);
  }
  if (store.title === null) return { couponId: null, newlyIssued: false, userErrors: [] };

  const day = shanghaiDay(now);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO arrival_coupons
       (id, user_id, store_id, arrival_day, title, title_en, discount, minimum_spend, issued_at, valid_until)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10)
     ON CONFLICT ON CONSTRAINT arrival_coupons_once_a_day DO NOTHING
     RETURNING id`,
    [
      `ac-${randomUUID()}`,
      userId,
      storeId,
      day.date,
      store.title,
      store.title_en,
      store.discount,
      store.minimum_spend,
      now,
      day.endsAt,
    ],
  );
  if (inserted[0]) return { couponId: inserted[0].id, newlyIssued: true, userErrors: [] };
  const [existing] = await tx.query<{ id: string }>(
    `SELECT id FROM arrival_coupons WHERE user_id = $1 AND store_id = $2 AND arrival_day = $3::date`,
    [userId, storeId, day.date],
  );
  if (!existing) throw new Error('An arrival coupon conflicted but cannot be read back');
  return { couponId: existing.id, newlyIssued: false, userErrors: [] };
}
