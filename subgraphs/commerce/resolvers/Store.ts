import type { CommerceContext } from '../context';
import type { LightShopRow } from '../data/loaders';
import { flagshipShopOf } from './Product';

export const Store = {
  products: (store: { id: string }, { first }: { first: number }, { loaders }: CommerceContext) => {
    return loaders.featuredProductsByStore(first).load(store.id);
  },
  lightShop: (store: { id: string }, _: unknown, { loaders }: CommerceContext) =>
    loaders.lightShopByStore.load(store.id),
};

export const LightShop = {
  store: (shop: LightShopRow) => ({ id: shop.store_id }),
  brand: (shop: LightShopRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.brandById.load(shop.brand_id),
  flagshipShop: async (shop: LightShopRow, _: unknown, { loaders }: CommerceContext) => {
    const brand = await loaders.brandById.load(shop.brand_id);
    return brand && flagshipShopOf(brand);
  },
  inventory: (shop: LightShopRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.stockByLightShop.load(shop.id),
};
