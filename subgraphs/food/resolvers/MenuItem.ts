import type { MenuItemRow } from '../data/rows';

export const MenuItem = {
  nameEn: (item: MenuItemRow) => item.name_en,
};
