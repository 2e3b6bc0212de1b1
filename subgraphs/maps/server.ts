import { GENERATED_STORES_SEED } from '../kit/migrations';
import { defineSubgraph } from '../kit/subgraph';
import { createLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The maps app: stores as places, business areas and nearby search. */
export const maps = defineSubgraph({
  name: 'maps',
  dir: __dirname,
  resolvers,
  createLoaders,
  seedWith: [GENERATED_STORES_SEED],
});
