import { checkPoint } from '../../../lib/geo';
import { unauthenticated } from '../../../lib/errors';
import { UserErrors, withIdempotency, type UserError } from '../../../lib/mutations';
import type { FoodContext } from '../context';
import { placeOrder, transitionOrder, type PlaceOrderInput } from '../data/orders';
import type { FoodOrderAction } from '../orderStatus';

type FoodOrderPlaceInput = PlaceOrderInput & { idempotencyKey: string };

function signedIn({ viewerId }: FoodContext): string {
  if (!viewerId) throw unauthenticated('Sign in to order food');
  return viewerId;
}

/**
 * A transition needs no idempotency key: the conditional UPDATE already makes
 * a retry harmless (it is refused as INVALID_TRANSITION, the order unchanged).
 */
function transition(action: FoodOrderAction) {
  return async (
    _: unknown,
    { input }: { input: { orderId: string } },
    ctx: FoodContext,
  ): Promise<{ orderId?: string; userErrors: UserError[] }> => {
    const viewerId = signedIn(ctx);
    try {
      const moved = await ctx.db.transaction((tx) =>
        transitionOrder(tx, viewerId, input.orderId, action, new Date()),
      );
      return { ...moved, userErrors: [] };
    } catch (error) {
      if (error instanceof UserErrors) return { userErrors: error.userErrors };
      throw error;
    }
  };
}

export const Mutation = {
  foodOrderPlace: async (
    _: unknown,
    { input }: { input: FoodOrderPlaceInput },
    ctx: FoodContext,
  ) => {
    const customerId = signedIn(ctx);
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
