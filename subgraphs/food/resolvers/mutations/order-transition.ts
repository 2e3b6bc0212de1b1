import { requireViewer, runMutation } from '../../../kit/mutations';
import type { FoodOrderAcceptPayloadResolvers } from '../../__generated__/resolvers-types';
import type { Context } from '../../data/loaders';
import { transitionOrder } from '../../data/orders';
import type { FoodOrderAction } from '../../orderStatus';

/**
 * A step of the order's state machine. It needs no idempotency key: the
 * conditional UPDATE already makes a retry harmless (it is refused as
 * INVALID_TRANSITION, the order unchanged).
 */
export function orderTransition(action: FoodOrderAction) {
  return async (_: unknown, { input }: { input: { orderId: string } }, ctx: Context) => {
    const viewerId = requireViewer(ctx.viewerId, 'handle food orders');
    return runMutation(
      ctx.db,
      { actor: viewerId, operation: `foodOrder:${action}`, input },
      async (tx) => {
        const { orderId } = await transitionOrder(tx, viewerId, input.orderId, action, new Date());
        return { orderId, userErrors: [] };
      },
    );
  };
}

/** Every food order payload: the order, loaded from the id the mutation recorded. */
export const orderPayload: FoodOrderAcceptPayloadResolvers = {
  order: (payload, _, { loaders }) =>
    payload.orderId ? loaders.visibleOrderById.load(payload.orderId) : null,
};
