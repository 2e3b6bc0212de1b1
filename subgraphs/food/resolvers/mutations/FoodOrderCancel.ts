import type {
  FoodOrderCancelPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { orderPayload, orderTransition } from './order-transition';

export const foodOrderCancel: MutationResolvers['foodOrderCancel'] = orderTransition('CANCEL');

export const FoodOrderCancelPayload: FoodOrderCancelPayloadResolvers = orderPayload;
