import type { FoodOrderHistoryRow } from '../data/rows';

export const FoodOrderStatusChange = {
  by: (change: FoodOrderHistoryRow) => change.actor_role,
};
