import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../kit/database';
import type { GeoPoint } from '../../kit/geo';
import { RefusedUntil, userError, UserErrors } from '../../kit/mutations';
import { shanghaiDay } from '../../kit/time';
import { greatCircleMeters } from '../travel';
import type { StoreArrivePayloadRow } from './rows';

/**
 * How near the store the user must be for an arrival to count: a shop front
 * and the phone's usual error in a city, not the street or the mall next door.
 */
export const ARRIVAL_RADIUS_METERS = 100;

/**
 * Arrival coupons a user may collect in one Asia/Shanghai day, whichever
 * stores: one spot in a mall reaches many shop fronts.
 */
export const ARRIVAL_COUPONS_PER_DAY = 3;

/**
 * Issues the store's arrival coupon to the user, who must be at the store
 * (`at`, the device's location, within ARRIVAL_RADIUS_METERS), unless today's
 * is already theirs. The unique key (user, store, day) decides, not a prior
 * read: two arrivals racing each other insert once, and the loser reads the
 * winner's coupon. A user's arrivals take turns (a lock per user), so the day's
 * limit holds across stores however many race.
 */
export async function arriveAtStore(
  tx: SqlClient,
  userId: string,
  arrival: { storeId: string; at: GeoPoint },
  now: Date,
): Promise<StoreArrivePayloadRow> {
  const { storeId, at } = arrival;
  const [store] = await tx.query<{
    id: string;
    name_en: string;
    lat: number;
    lng: number;
    title: string | null;
    title_en: string | null;
    discount: number | null;
    minimum_spend: number | null;
  }>(
    `SELECT s.id, s.name_en, s.lat, s.lng, o.title, o.title_en, o.discount, o.minimum_spend
       FROM stores s LEFT JOIN store_arrival_offers o ON o.store_id = s.id
      WHERE s.id = $1`,
    [storeId],
  );
  if (!store) {
    throw new UserErrors([
      userError('STORE_NOT_FOUND', `Store "${storeId}" was not found`, ['input', 'storeId']),
    ]);
  }
  const away = Math.round(greatCircleMeters(at, store));
  if (away > ARRIVAL_RADIUS_METERS) {
    throw new UserErrors([
      userError(
        'NOT_AT_STORE',
        `You are ${away} m from ${store.name_en}; an arrival counts within ${ARRIVAL_RADIUS_METERS} m of the store`,
        ['input', 'at'],
      ),
    ]);
  }
  if (store.title === null) return { couponId: null, newlyIssued: false, userErrors: [] };

  const day = shanghaiDay(now);
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('arrivals:' || $1, 0))`, [userId]);
  const [today] = await tx.query<{ collected: number; here: number }>(
    `SELECT count(*)::int AS collected, count(*) FILTER (WHERE store_id = $2)::int AS here
       FROM arrival_coupons WHERE user_id = $1 AND arrival_day = $3::date`,
    [userId, storeId, day.date],
  );
  if (today!.here === 0 && today!.collected >= ARRIVAL_COUPONS_PER_DAY) {
    throw new RefusedUntil(
      [
        userError(
          'ARRIVAL_LIMIT_REACHED',
          `${ARRIVAL_COUPONS_PER_DAY} arrival coupons a day at most; more from ${day.endsAt.toISOString()}`,
        ),
      ],
      day.endsAt,
    );
  }
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
