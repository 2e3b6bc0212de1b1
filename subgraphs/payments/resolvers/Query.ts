import { notFound } from '../../../lib/errors';
import type { PaymentsContext } from '../context';

export const Query = {
  me: (_: unknown, __: unknown, { viewerId, loaders }: PaymentsContext) =>
    viewerId ? loaders.userById.load(viewerId) : null,
  payment: async (_: unknown, { id }: { id: string }, { viewerId, loaders }: PaymentsContext) => {
    const payment = await loaders.paymentById.load(id);
    if (!payment || payment.payer_id !== viewerId) throw notFound('Payment', id);
    return payment;
  },
  user: async (_: unknown, { id }: { id: string }, { loaders }: PaymentsContext) => {
    const user = await loaders.userById.load(id);
    if (!user) throw notFound('User', id);
    return user;
  },
};
