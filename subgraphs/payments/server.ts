import { defineSubgraph } from '../kit/subgraph';
import { createLoaders } from './data/loaders';
import { startSettlementJob } from './jobs';
import { orderClosures } from './order-closures';
import { resolvers } from './resolvers';

/** The wallet: users, merchants, light memberships and member offers. */
export const payments = defineSubgraph({
  name: 'payments',
  dir: __dirname,
  resolvers,
  createLoaders,
  jobs: startSettlementJob,
  routes: orderClosures,
});
