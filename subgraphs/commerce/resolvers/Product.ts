import type { CommerceContext } from '../context';
import type { BrandRow, FlagshipShopRow, ProductRow, StockRow } from '../data/loaders';

export const Product = {
  __resolveReference: ({ id }: { id: string }, { loaders }: CommerceContext) =>
    loaders.productById.load(id),
  nameEn: (row: ProductRow) => row.name_en,
  brand: (row: ProductRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.brandById.load(row.brand_id),
};

export function flagshipShopOf(brand: BrandRow): FlagshipShopRow {
  return { id: brand.flagship_id, name: brand.flagship_name, nameEn: brand.flagship_name_en };
}

export const Brand = {
  nameEn: (row: BrandRow) => row.name_en,
  flagshipShop: flagshipShopOf,
};

export const FlagshipShop = {
  inventory: (shop: FlagshipShopRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.stockByFlagshipShop.load(shop.id),
};

export const StockLevel = {
  // The stock row carries the product's columns, so the product costs no query.
  product: (row: StockRow): ProductRow => row,
};
