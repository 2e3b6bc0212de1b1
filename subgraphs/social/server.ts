import { defineSubgraph } from '../kit/subgraph';
import { createLoaders } from './data/loaders';
import { resolvers } from './resolvers';

/** The social network: posts, follows, the hot-search list, rationed sharing and pushes, the traffic pledge. */
export const social = defineSubgraph({
  name: 'social',
  dir: __dirname,
  resolvers,
  createLoaders,
});
