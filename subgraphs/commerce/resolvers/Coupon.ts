import type { CommerceContext } from '../context';
import type { CouponCampaignRow, CouponRow } from '../data/loaders';

export const Coupon = {
  minimumSpend: (row: CouponRow) => row.minimum_spend,
  validUntil: (row: CouponRow) => row.valid_until,
  claimedAt: (row: CouponRow) => row.claimed_at,
  status: (row: CouponRow) =>
    row.used_at ? 'USED' : row.valid_until.getTime() <= Date.now() ? 'EXPIRED' : 'AVAILABLE',
  campaign: (row: CouponRow, _: unknown, { loaders }: CommerceContext) =>
    row.campaign_id ? loaders.campaignById.load(row.campaign_id) : null,
};

export const CouponCampaign = {
  minimumSpend: (row: CouponCampaignRow) => row.minimum_spend,
  perUserLimit: (row: CouponCampaignRow) => row.per_user_limit,
  claimsPerUserPerMinute: (row: CouponCampaignRow) => row.claims_per_user_per_minute,
  claimsPerDevicePerMinute: (row: CouponCampaignRow) => row.claims_per_device_per_minute,
  couponValidDays: (row: CouponCampaignRow) => row.coupon_valid_days,
  startsAt: (row: CouponCampaignRow) => row.starts_at,
  endsAt: (row: CouponCampaignRow) => row.ends_at,
};
