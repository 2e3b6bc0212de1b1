import { GENERATED_STORES_SEED } from '../kit/migrations';
import { defineSubgraph } from '../kit/subgraph';
import { createLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The food-delivery app: menus, delivery quotes and food orders. */
export const food = defineSubgraph({
  name: 'food',
  dir: __dirname,
  resolvers,
  createLoaders,
  seedWith: [GENERATED_STORES_SEED],
});
