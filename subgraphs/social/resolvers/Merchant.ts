import type { MerchantResolvers, TrafficPledgeResolvers } from '../__generated__/resolvers-types';

export const Merchant: MerchantResolvers = {
  __resolveReference: (merchant) => merchant,
  trafficPledge: (merchant, _, { loaders }) => loaders.trafficPledgeByMerchant.load(merchant.id),
};

export const TrafficPledge: TrafficPledgeResolvers = {
  uniqueVisitors: (pledge) => pledge.unique_visitors,
  pageViewsPerVisitor: (pledge) => pledge.page_views_per_visitor,
  exposureOwed: (pledge) => pledge.unique_visitors * pledge.page_views_per_visitor,
};
