import type { FoodContext } from '../context';
import type { FoodOrderLineRow, FoodOrderRow, MenuItemRow } from '../data/loaders';

export const FoodOrder = {
  store: (order: FoodOrderRow) => ({ id: order.store_id }),
  placedAt: (order: FoodOrderRow) => order.placed_at,
  lines: (order: FoodOrderRow, _: unknown, { loaders }: FoodContext) =>
    loaders.linesByOrder.load(order.id),
};

export const FoodOrderLine = {
  menuItem: (line: FoodOrderLineRow, _: unknown, { loaders }: FoodContext) =>
    loaders.menuItemById.load(line.menu_item_id),
  unitPrice: (line: FoodOrderLineRow) => line.unit_price,
};

export const MenuItem = {
  nameEn: (item: MenuItemRow) => item.name_en,
};
