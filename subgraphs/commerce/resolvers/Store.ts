import { loadReferenced } from '../../kit/loaders';
import type { LightShopResolvers, StoreResolvers } from '../__generated__/resolvers-types';
import { flagshipShopOf } from './Product';

export const Store: StoreResolvers = {
  products: (store, { first }, { loaders }) => {
    return loaders.featuredProductsByStore(first).load(store.id);
  },
  lightShop: (store, _, { loaders }) => loaders.lightShopByStore.load(store.id),
};

export const LightShop: LightShopResolvers = {
  store: (shop) => ({ id: shop.store_id }),
  brand: (shop, _, { loaders }) => loadReferenced(loaders.brandById, shop.brand_id, 'Brand'),
  flagshipShop: async (shop, _, { loaders }) =>
    flagshipShopOf(await loadReferenced(loaders.brandById, shop.brand_id, 'Brand')),
  inventory: (shop, _, { loaders }) => loaders.stockByLightShop.load(shop.id),
};
