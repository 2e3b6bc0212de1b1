import path from 'node:path';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/subgraph';
import { createLoaders, type SocialLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The social network: posts, follows, the hot-search list, rationed sharing and pushes, the traffic pledge. */
export const social: SubgraphDefinition<SocialLoaders> = {
  name: 'social',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: resolvers as SubgraphDefinition<SocialLoaders>['resolvers'],
  dataDir: path.join(__dirname, 'data'),
  createLoaders,
};
