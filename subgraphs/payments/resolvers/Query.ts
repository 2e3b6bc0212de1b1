import { notFound } from '../../../lib/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { openWalletOnFirstSignIn } from '../data/users';

export const Query: QueryResolvers = {
  /** A signed-in user the wallet has not seen yet gets their wallet now (data/users.ts). */
  me: async (_, __, { viewerId, loaders, db }) => {
    if (!viewerId) return null;
    const known = await loaders.userById.load(viewerId);
    if (known) return known;
    await openWalletOnFirstSignIn(db, viewerId);
    loaders.userById.clear(viewerId);
    return loaders.userById.load(viewerId);
  },
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
