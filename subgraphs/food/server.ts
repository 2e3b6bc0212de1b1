import path from 'node:path';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/subgraph';
import { createLoaders, type FoodLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The food-delivery app: menus, delivery quotes and food orders. */
export const food: SubgraphDefinition<FoodLoaders> = {
  name: 'food',
  typeDefs: loadTypeDefs(__dirname),
  resolvers: resolvers as SubgraphDefinition<FoodLoaders>['resolvers'],
  dataDir: path.join(__dirname, 'data'),
  createLoaders,
};
