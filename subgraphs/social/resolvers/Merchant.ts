import type { MerchantResolvers, TrafficPledgeResolvers } from '../__generated__/resolvers-types';

export const Merchant: MerchantResolvers = {
  __resolveReference: (merchant) => merchant,
  /** The wallet says who owns the merchant (payments' Merchant.viewerIsOwner). */
  trafficPledge: (merchant, _, { loaders }) =>
    merchant.viewerIsOwner === true ? loaders.trafficPledgeByMerchant.load(merchant.id) : null,
};

export const TrafficPledge: TrafficPledgeResolvers = {
  uniqueVisitors: (pledge) => pledge.unique_visitors,
  pageViewsPerVisitor: (pledge) => pledge.page_views_per_visitor,
  exposureOwed: (pledge) => pledge.unique_visitors * pledge.page_views_per_visitor,
};
