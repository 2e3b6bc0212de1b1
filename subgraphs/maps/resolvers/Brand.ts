import type { BrandResolvers } from '../__generated__/resolvers-types';
import { nearbyStoreConnection } from '../pagination';

export const Brand: BrandResolvers = {
  /** The marketplace owns brands; the map answers for any id, with the stores it knows of it. */
  __resolveReference: ({ id }) => ({ id }),
  stores: (brand, args, { db }) =>
    nearbyStoreConnection(db, {
      ...args,
      category: null,
      businessAreaId: null,
      brandId: brand.id,
    }),
};
