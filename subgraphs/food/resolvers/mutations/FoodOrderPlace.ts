import { checkPoint } from '../../kit/geo';
import { requireViewer, runMutation, withIdempotency } from '../../kit/mutations';
import type { FoodContext } from '../context';
import { placeOrder, transitionOrder, type PlaceOrderInput } from '../data/orders';
import type { FoodOrderAction } from '../orderStatus';

type FoodOrderPlaceInput = PlaceOrderInput & { idempotencyKey: string };

/**
 * A transition needs no idempotency key: the conditional UPDATE already makes
 * a retry harmless (it is refused as INVALID_TRANSITION, the order unchanged).
 */
function transition(action: FoodOrderAction) {
  return async (_: unknown, { input }: { input: { orderId: string } }, ctx: FoodContext) => {
    const viewerId = requireViewer(ctx.viewerId, 'handle food orders');
    return runMutation(
      ctx.db,
      { actor: viewerId, operation: `foodOrder:${action}`, input },
      async (tx) => ({
        ...(await transitionOrder(tx, viewerId, input.orderId, action, new Date())),
        userErrors: [],
      }),
    );
  };
}

export const Mutation = {
  foodOrderPlace: async (
    _: unknown,
    { input }: { input: FoodOrderPlaceInput },
    ctx: FoodContext,
  ) => {
    const customerId = requireViewer(ctx.viewerId, 'order food');
    checkPoint(input.deliverTo, 'deliverTo');
    const { idempotencyKey, ...order } = input;
    return withIdempotency(
      ctx.db,
      { actor: customerId, operation: 'foodOrderPlace', key: idempotencyKey, input: order },
      async (tx) => ({ ...(await placeOrder(tx, customerId, order, new Date())), userErrors: [] }),
    );
  },
  foodOrderAccept: transition('ACCEPT'),
  foodOrderDispatch: transition('DISPATCH'),
  foodOrderDeliver: transition('DELIVER'),
  foodOrderCancel: transition('CANCEL'),
};
