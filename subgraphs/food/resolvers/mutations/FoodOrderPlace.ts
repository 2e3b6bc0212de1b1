import { checkPoint } from '../../../kit/geo';
import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  FoodOrderPlacePayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { placeOrder } from '../../data/orders';
import { orderPayload } from './order-transition';

export const foodOrderPlace: MutationResolvers['foodOrderPlace'] = async (_, { input }, ctx) => {
  const customerId = requireViewer(ctx.viewerId, 'order food');
  checkPoint(input.deliverTo, 'deliverTo');
  const { idempotencyKey, ...order } = input;
  return runMutation(
    ctx.db,
    { actor: customerId, operation: 'foodOrderPlace', idempotencyKey, input: order },
    async (tx) => ({
      ...(await placeOrder(tx, customerId, order, new Date(), ctx.config.couponSecret)),
      userErrors: [],
    }),
  );
};

export const FoodOrderPlacePayload: FoodOrderPlacePayloadResolvers = orderPayload;
