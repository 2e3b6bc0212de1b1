import { signCouponCode } from '../../kit/coupon-codes';
import type { CouponRow } from '../data/rows';
import type { CouponCampaignResolvers, CouponResolvers } from '../__generated__/resolvers-types';

function couponStatus(coupon: CouponRow): 'USED' | 'EXPIRED' | 'AVAILABLE' {
  if (coupon.spentAt || coupon.used_at) return 'USED';
  return coupon.valid_until.getTime() <= Date.now() ? 'EXPIRED' : 'AVAILABLE';
}

export const Coupon: CouponResolvers = {
  titleEn: (coupon) => coupon.title_en,
  /** A coupon is its holder's alone; the wallet adds when a payment spent it. */
  __resolveReference: async ({ id, spentAt }, { viewerId, loaders }) => {
    const coupon = await loaders.couponById.load(id);
    return coupon && coupon.user_id === viewerId ? { ...coupon, spentAt } : null;
  },
  minimumSpend: (row) => row.minimum_spend,
  validUntil: (row) => row.valid_until,
  claimedAt: (row) => row.claimed_at,
  status: (row) => couponStatus(row),
  /** Only for a coupon its holder can still spend on a merchant's food or shop order. */
  code: async (row, _, { viewerId, config, loaders }) => {
    if (row.user_id !== viewerId || couponStatus(row) !== 'AVAILABLE' || !row.campaign_id)
      return null;
    const merchantId = (await loaders.campaignById.load(row.campaign_id))?.merchant_id;
    if (!merchantId) return null;
    return signCouponCode(
      {
        couponId: row.id,
        holderId: row.user_id,
        merchantId,
        discount: row.discount,
        minimumSpend: row.minimum_spend,
        validUntil: row.valid_until,
      },
      config.couponSecret,
    );
  },
  campaign: (row, _, { loaders }) =>
    row.campaign_id ? loaders.campaignById.load(row.campaign_id) : null,
};

export const CouponCampaign: CouponCampaignResolvers = {
  titleEn: (campaign) => campaign.title_en,
  minimumSpend: (row) => row.minimum_spend,
  perUserLimit: (row) => row.per_user_limit,
  claimsPerUserPerMinute: (row) => row.claims_per_user_per_minute,
  claimsPerDevicePerMinute: (row) => row.claims_per_device_per_minute,
  claimsPerDevicePerDay: (row) => row.claims_per_device_per_day,
  couponValidDays: (row) => row.coupon_valid_days,
  startsAt: (row) => row.starts_at,
  endsAt: (row) => row.ends_at,
};
