import type { MenuItemResolvers } from '../__generated__/resolvers-types';

export const MenuItem: MenuItemResolvers = {
  nameEn: (item) => item.name_en,
};
