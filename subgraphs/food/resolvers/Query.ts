import { notFound, unauthenticated } from '../../../lib/errors';
import type { FoodContext } from '../context';

export const Query = {
  foodOrder: async (_: unknown, { id }: { id: string }, { viewerId, loaders }: FoodContext) => {
    if (!viewerId) throw unauthenticated('Sign in to see food orders');
    const order = await loaders.visibleOrderById.load(id);
    if (!order) throw notFound('Food order', id);
    return order;
  },
};
