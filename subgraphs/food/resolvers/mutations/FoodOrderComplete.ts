import type {
  FoodOrderCompletePayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { orderPayload, orderTransition } from './order-transition';

export const foodOrderComplete: MutationResolvers['foodOrderComplete'] =
  orderTransition('COMPLETE');

export const FoodOrderCompletePayload: FoodOrderCompletePayloadResolvers = orderPayload;
