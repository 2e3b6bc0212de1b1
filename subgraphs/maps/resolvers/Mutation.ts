import { requireViewer, withIdempotency } from '../../kit/mutations';
import type { MapsContext } from '../context';
import { arriveAtStore } from '../data/arrivals';

interface StoreArriveInput {
  storeId: string;
  idempotencyKey: string;
}

export const Mutation = {
  storeArrive: async (_: unknown, { input }: { input: StoreArriveInput }, ctx: MapsContext) => {
    const userId = requireViewer(ctx.viewerId, 'check in at a store');
    return withIdempotency(
      ctx.db,
      {
        actor: userId,
        operation: 'storeArrive',
        key: input.idempotencyKey,
        input: { storeId: input.storeId },
      },
      async (tx) => ({
        ...(await arriveAtStore(tx, userId, input.storeId, new Date())),
        userErrors: [],
      }),
    );
  },
};
