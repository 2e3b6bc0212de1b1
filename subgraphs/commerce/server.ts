import path from 'node:path';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/subgraph';
import { createLoaders, type CommerceLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The marketplace: products, brands, flagship and light shops, shop orders, coupons and favorites. */
export const commerce: SubgraphDefinition<CommerceLoaders> = {
  name: 'commerce',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: resolvers as SubgraphDefinition<CommerceLoaders>['resolvers'],
  dataDir: path.join(__dirname, 'data'),
  createLoaders,
};
