import type { FoodContext } from '../context';
import type { FoodOrderLineRow } from '../data/rows';

export const FoodOrderLine = {
  menuItem: (line: FoodOrderLineRow, _: unknown, { loaders }: FoodContext) =>
    loaders.menuItemById.load(line.menu_item_id),
  unitPrice: (line: FoodOrderLineRow) => line.unit_price,
};
