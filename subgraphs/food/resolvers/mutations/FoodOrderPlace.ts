import { checkPoint } from '../../../kit/geo';
import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  FoodOrderPlacePayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { placeOrder, type PlaceOrderInput } from '../../data/orders';
import { checkFulfilmentFields } from '../../fulfilment';
import { orderPayload } from './order-transition';

export const foodOrderPlace: MutationResolvers['foodOrderPlace'] = async (_, { input }, ctx) => {
  const customerId = requireViewer(ctx.viewerId, 'order food');
  const { idempotencyKey, ...fields } = input;
  const order: PlaceOrderInput = { ...fields, fulfilment: fields.fulfilment ?? 'DELIVERY' };
  checkFulfilmentFields(order);
  if (order.deliverTo) checkPoint(order.deliverTo, 'deliverTo');
  return runMutation(
    ctx.db,
    { actor: customerId, operation: 'foodOrderPlace', idempotencyKey, input: fingerprint(order) },
    async (tx) => ({
      ...(await placeOrder(tx, customerId, order, new Date(), ctx.config.couponSecret)),
      userErrors: [],
    }),
  );
};

/**
 * What an idempotency key is bound to: the whole order, its pickup time as
 * text (a Date has no fields of its own to compare). A delivery's is what it
 * was before there were modes, so a key recorded then still replays.
 */
function fingerprint({ fulfilment, pickupAt, ...order }: PlaceOrderInput) {
  return {
    ...order,
    fulfilment: fulfilment === 'DELIVERY' ? undefined : fulfilment,
    pickupAt: pickupAt?.toISOString(),
  };
}

export const FoodOrderPlacePayload: FoodOrderPlacePayloadResolvers = orderPayload;
