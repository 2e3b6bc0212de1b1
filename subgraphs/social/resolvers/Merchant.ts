import type { SocialContext } from '../context';
import type { TrafficPledgeRow } from '../data/loaders';

export const Merchant = {
  __resolveReference: (merchant: { id: string }) => merchant,
  trafficPledge: (merchant: { id: string }, _: unknown, { loaders }: SocialContext) =>
    loaders.trafficPledgeByMerchant.load(merchant.id),
};

export const TrafficPledge = {
  uniqueVisitors: (pledge: TrafficPledgeRow) => pledge.unique_visitors,
  pageViewsPerVisitor: (pledge: TrafficPledgeRow) => pledge.page_views_per_visitor,
  exposureOwed: (pledge: TrafficPledgeRow) =>
    pledge.unique_visitors * pledge.page_views_per_visitor,
};
