import { notFound } from '../../../lib/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { listBrands } from '../data/loaders';
import { listFavoriteTargets } from '../data/favorites';

export const Query: QueryResolvers = {
  product: async (_, { id }, { loaders }) => {
    const product = await loaders.productById.load(id);
    if (!product) throw notFound('Product', id);
    return product;
  },
  brand: async (_, { id }, { loaders }) => {
    const brand = await loaders.brandById.load(id);
    if (!brand) throw notFound('Brand', id);
    return brand;
  },
  brands: (_, __, { db }) => listBrands(db),
  couponCampaign: async (_, { id }, { loaders }) => {
    const campaign = await loaders.campaignById.load(id);
    if (!campaign) throw notFound('Coupon campaign', id);
    return campaign;
  },
  favoriteTargets: (_, { kind, first }, { db }) => listFavoriteTargets(db, kind ?? null, first),
};
