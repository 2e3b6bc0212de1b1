import { loadReferenced } from '../../kit/loaders';
import type { FoodOrderLineResolvers } from '../__generated__/resolvers-types';

export const FoodOrderLine: FoodOrderLineResolvers = {
  menuItem: (line, _, { loaders }) =>
    loadReferenced(loaders.menuItemById, line.menu_item_id, 'Menu item'),
  unitPrice: (line) => line.unit_price,
};
