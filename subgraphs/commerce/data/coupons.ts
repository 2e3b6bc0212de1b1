/**
 * Issuing coupons. Every coupon, claimed or given as a gift, comes out of its
 * campaign's budget by a conditional decrement (`remaining > 0` in the UPDATE
 * itself), so the budget holds however many requests race for the last one.
 */
import type { SqlClient } from '../../kit/database';
import { badUserInput } from '../../../lib/errors';
import { userError, UserErrors } from '../../kit/mutations';
import { RefusedUntil } from '../../kit/mutations';
import { CAMPAIGN_COLUMNS, type CouponCampaignRow } from './rows';

const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function validateDeviceId(deviceId: string): void {
  if (!DEVICE_ID.test(deviceId)) {
    throw badUserInput('deviceId must be 1 to 128 letters, digits or _ . : -', 'input.deviceId');
  }
}

/**
 * Takes one coupon from the campaign's budget for `userId`, valid for the
 * campaign's days from now; null when the budget is spent or the campaign is
 * not running.
 */
export async function issueCoupon(
  tx: SqlClient,
  campaignId: string,
  userId: string,
  deviceId: string | null,
): Promise<string | null> {
  const [coupon] = await tx.query<{ id: string }>(
    `WITH taken AS (
       UPDATE coupon_campaigns SET remaining = remaining - 1
        WHERE id = $1 AND remaining > 0 AND now() >= starts_at AND now() < ends_at
        RETURNING id, title, title_en, discount, minimum_spend, coupon_valid_days
     )
     INSERT INTO coupons (id, user_id, campaign_id, device_id, title, title_en, discount, minimum_spend,
                          claimed_at, valid_until)
     SELECT 'cp-' || gen_random_uuid(), $2, id, $3, title, title_en, discount, minimum_spend,
            now(), now() + make_interval(days => coupon_valid_days)
       FROM taken
     RETURNING id`,
    [campaignId, userId, deviceId],
  );
  return coupon?.id ?? null;
}

const campaignField = ['input', 'campaignId'];

/** When a claim stops counting towards a velocity window, rounded up to the millisecond. */
const RETRY_AT = (claimedAt: string, window = '1 minute') =>
  `date_trunc('milliseconds', ${claimedAt} + interval '${window}' + interval '999 microseconds')`;
const deviceField = ['input', 'deviceId'];

/** Claims a coupon under the campaign's risk rules (see CouponCampaign in the schema). */
export async function claimCoupon(
  tx: SqlClient,
  userId: string,
  campaignId: string,
  deviceId: string,
): Promise<{ couponId: string }> {
  await refuseBlocked(tx, userId, deviceId);

  // The campaign's row lock makes claims of one campaign take turns, so the
  // counts below never miss a claim still in flight.
  const [campaign] = await tx.query<CouponCampaignRow & { running: boolean }>(
    `SELECT ${CAMPAIGN_COLUMNS}, now() >= starts_at AND now() < ends_at AS running
       FROM coupon_campaigns WHERE id = $1 FOR UPDATE`,
    [campaignId],
  );
  if (!campaign) {
    throw new UserErrors([
      userError('UNKNOWN_CAMPAIGN', `Campaign "${campaignId}" does not exist`, campaignField),
    ]);
  }
  if (campaign.channel !== 'CLAIM') {
    throw new UserErrors([
      userError(
        'NOT_CLAIMABLE',
        `${campaign.title} is only given as a gift for adding a favorite`,
        campaignField,
      ),
    ]);
  }
  if (!campaign.running) {
    throw new UserErrors([
      userError(
        'CAMPAIGN_NOT_ACTIVE',
        `${campaign.title} runs from ${campaign.starts_at.toISOString()} to ${campaign.ends_at.toISOString()}`,
        campaignField,
      ),
    ]);
  }

  const { held, tooFast } = await campaignUsage(tx, campaign, userId, deviceId);
  if (held >= campaign.per_user_limit) {
    throw new UserErrors([
      userError(
        'CLAIM_LIMIT_REACHED',
        `You already hold ${held} of the ${campaign.per_user_limit} coupons one person may claim from ${campaign.title}`,
        campaignField,
      ),
    ]);
  }
  if (tooFast) throw tooFast;

  const couponId = await issueCoupon(tx, campaignId, userId, deviceId);
  if (!couponId) {
    throw new UserErrors([
      userError(
        'CAMPAIGN_EXHAUSTED',
        `All ${campaign.budget} coupons of ${campaign.title} are gone`,
        campaignField,
      ),
    ]);
  }
  return { couponId };
}

/**
 * The blacklist, for every coupon a user takes, claimed or given as a gift:
 * a listed account or device takes none.
 */
export async function refuseBlocked(
  tx: SqlClient,
  userId: string,
  deviceId: string,
): Promise<void> {
  const blocked = await tx.query(
    `SELECT 1 FROM claim_blacklist
      WHERE (subject_kind = 'USER' AND subject_id = $1) OR (subject_kind = 'DEVICE' AND subject_id = $2)
      LIMIT 1`,
    [userId, deviceId],
  );
  if (blocked.length > 0) {
    // Which of the two is blocked stays with the risk team.
    throw new UserErrors([
      userError('BLOCKED', 'This account or device may not claim coupons; contact support'),
    ]);
  }
}

/**
 * How many of `campaign`'s coupons the user holds, and, when the user or the
 * device is over one of its velocity windows, the refusal (with when to try
 * again): for every coupon a user takes from it, claimed or given as a gift.
 * Run with the campaign's row locked, so that the counts never miss a coupon
 * still being taken.
 */
export async function campaignUsage(
  tx: SqlClient,
  campaign: CouponCampaignRow,
  userId: string,
  deviceId: string,
): Promise<{ held: number; tooFast: RefusedUntil | null }> {
  // Windows of 60 seconds, and of 24 hours for a device: the claim that made
  // the limit leaves the window (and frees a place) exactly that long after it
  // was made. Times are rounded up to the millisecond DateTime carries, so "try
  // again at" is never too early.
  const [usage] = await tx.query<{
    held: number;
    user_retry_at: Date | null;
    device_retry_at: Date | null;
    device_day_retry_at: Date | null;
  }>(
    `SELECT held, ${RETRY_AT('user_limiting_claim')} AS user_retry_at,
            ${RETRY_AT('device_limiting_claim')} AS device_retry_at,
            ${RETRY_AT('device_day_limiting_claim', '1 day')} AS device_day_retry_at
     FROM (SELECT
       (SELECT count(*) FROM coupons WHERE campaign_id = $1 AND user_id = $2)::int AS held,
       (SELECT claimed_at FROM coupons
         WHERE campaign_id = $1 AND user_id = $2 AND claimed_at > now() - interval '1 minute'
         ORDER BY claimed_at DESC OFFSET $4::int - 1 LIMIT 1) AS user_limiting_claim,
       (SELECT claimed_at FROM coupons
         WHERE campaign_id = $1 AND device_id = $3 AND claimed_at > now() - interval '1 minute'
         ORDER BY claimed_at DESC OFFSET $5::int - 1 LIMIT 1) AS device_limiting_claim,
       (SELECT claimed_at FROM coupons
         WHERE campaign_id = $1 AND device_id = $3 AND claimed_at > now() - interval '1 day'
         ORDER BY claimed_at DESC OFFSET $6::int - 1 LIMIT 1) AS device_day_limiting_claim) usage`,
    [
      campaign.id,
      userId,
      deviceId,
      campaign.claims_per_user_per_minute,
      campaign.claims_per_device_per_minute,
      campaign.claims_per_device_per_day,
    ],
  );
  const { user_retry_at: user, device_retry_at: device, device_day_retry_at: deviceDay } = usage!;
  const retryAt = [user, device, deviceDay]
    .filter((at): at is Date => at !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (!retryAt) return { held: usage!.held, tooFast: null };
  const byDevice = device !== null || deviceDay !== null;
  const window = retryAt === deviceDay ? 'day' : 'minute';
  return {
    held: usage!.held,
    tooFast: new RefusedUntil(
      [
        userError(
          'TOO_MANY_CLAIMS',
          `Too many claims from this ${byDevice ? 'device' : 'account'} in the last ${window}; try again at ${retryAt.toISOString()}`,
          byDevice ? deviceField : undefined,
        ),
      ],
      retryAt,
    ),
  };
}
