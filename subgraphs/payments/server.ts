import path from 'node:path';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/subgraph';
import { createLoaders, type PaymentsLoaders } from './data/loaders';
import { startSettlementJob } from './jobs';
import { resolvers } from './resolvers';

/** The wallet: users, merchants, light memberships and member offers. */
export const payments: SubgraphDefinition<PaymentsLoaders> = {
  name: 'payments',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: resolvers as SubgraphDefinition<PaymentsLoaders>['resolvers'],
  dataDir: path.join(__dirname, 'data'),
  createLoaders,
  startBackgroundJobs: startSettlementJob,
};
