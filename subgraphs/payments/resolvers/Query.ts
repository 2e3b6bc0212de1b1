import { notFound } from '../../../lib/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  me: (_, __, { viewerId, loaders }) => (viewerId ? loaders.userById.load(viewerId) : null),
  payment: async (_, { id }, { viewerId, loaders }) => {
    const payment = await loaders.paymentById.load(id);
    if (!payment || payment.payer_id !== viewerId) throw notFound('Payment', id);
    return payment;
  },
  user: async (_, { id }, { loaders }) => {
    const user = await loaders.userById.load(id);
    if (!user) throw notFound('User', id);
    return user;
  },
};
