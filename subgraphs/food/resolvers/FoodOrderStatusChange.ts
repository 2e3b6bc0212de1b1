import type { FoodOrderStatusChangeResolvers } from '../__generated__/resolvers-types';

export const FoodOrderStatusChange: FoodOrderStatusChangeResolvers = {
  by: (change) => change.actor_role,
};
