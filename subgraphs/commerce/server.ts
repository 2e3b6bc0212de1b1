import { defineSubgraph } from '../kit/subgraph';
import { createLoaders } from './data/loaders';
import { startReservationJob } from './reservations';
import { resolvers } from './resolvers';

/** The marketplace: products, brands, flagship and light shops, shop orders, coupons and favorites. */
export const commerce = defineSubgraph({
  name: 'commerce',
  dir: __dirname,
  resolvers,
  createLoaders,
  jobs: startReservationJob,
});
