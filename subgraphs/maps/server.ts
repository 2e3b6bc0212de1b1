import path from 'node:path';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/subgraph';
import { createLoaders, type MapsLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The maps app: stores as places, business areas and nearby search. */
export const maps: SubgraphDefinition<MapsLoaders> = {
  name: 'maps',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: resolvers as SubgraphDefinition<MapsLoaders>['resolvers'],
  dataDir: path.join(__dirname, 'data'),
  createLoaders,
};
