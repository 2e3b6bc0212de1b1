import type { CommerceContext } from '../context';
import type { BrandRow, ProductRow } from '../data/loaders';

export const Product = {
  __resolveReference: ({ id }: { id: string }, { loaders }: CommerceContext) =>
    loaders.productById.load(id),
  nameEn: (row: ProductRow) => row.name_en,
  brand: (row: ProductRow, _: unknown, { loaders }: CommerceContext) =>
    loaders.brandById.load(row.brand_id),
};

export const Brand = {
  nameEn: (row: BrandRow) => row.name_en,
  flagshipShop: (row: BrandRow) => ({
    id: row.flagship_id,
    name: row.flagship_name,
    nameEn: row.flagship_name_en,
  }),
};
