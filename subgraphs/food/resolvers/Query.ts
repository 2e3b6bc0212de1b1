import { notFound, unauthenticated } from '../../../lib/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  foodOrder: async (_, { id }, { viewerId, loaders }) => {
    if (!viewerId) throw unauthenticated('Sign in to see food orders');
    const order = await loaders.visibleOrderById.load(id);
    if (!order) throw notFound('Food order', id);
    return order;
  },
};
