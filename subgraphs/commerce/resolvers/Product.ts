import { loadReferenced } from '../../kit/loaders';
import type {
  BrandResolvers,
  FlagshipShopResolvers,
  ProductResolvers,
  StockLevelResolvers,
} from '../__generated__/resolvers-types';
import type { BrandRow, FlagshipShopRow } from '../data/rows';

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.productById.load(id),
  nameEn: (row) => row.name_en,
  brand: (row, _, { loaders }) => loadReferenced(loaders.brandById, row.brand_id, 'Brand'),
};

export function flagshipShopOf(brand: BrandRow): FlagshipShopRow {
  return { id: brand.flagship_id, name: brand.flagship_name, nameEn: brand.flagship_name_en };
}

export const Brand: BrandResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.brandById.load(id),
  nameEn: (row) => row.name_en,
  flagshipShop: flagshipShopOf,
  merchant: (row) => (row.merchant_id ? { id: row.merchant_id } : null),
};

export const FlagshipShop: FlagshipShopResolvers = {
  inventory: (shop, _, { loaders }) => loaders.stockByFlagshipShop.load(shop.id),
};

export const StockLevel: StockLevelResolvers = {
  // The stock row carries the product's columns, so the product costs no query.
  product: (row) => row,
};
