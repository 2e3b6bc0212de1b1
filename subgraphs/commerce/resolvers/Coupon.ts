import type { CouponCampaignResolvers, CouponResolvers } from '../__generated__/resolvers-types';

export const Coupon: CouponResolvers = {
  minimumSpend: (row) => row.minimum_spend,
  validUntil: (row) => row.valid_until,
  claimedAt: (row) => row.claimed_at,
  status: (row) =>
    row.used_at ? 'USED' : row.valid_until.getTime() <= Date.now() ? 'EXPIRED' : 'AVAILABLE',
  campaign: (row, _, { loaders }) =>
    row.campaign_id ? loaders.campaignById.load(row.campaign_id) : null,
};

export const CouponCampaign: CouponCampaignResolvers = {
  minimumSpend: (row) => row.minimum_spend,
  perUserLimit: (row) => row.per_user_limit,
  claimsPerUserPerMinute: (row) => row.claims_per_user_per_minute,
  claimsPerDevicePerMinute: (row) => row.claims_per_device_per_minute,
  couponValidDays: (row) => row.coupon_valid_days,
  startsAt: (row) => row.starts_at,
  endsAt: (row) => row.ends_at,
};
