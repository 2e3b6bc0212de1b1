import type {
  FoodOrderDispatchPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { orderPayload, orderTransition } from './order-transition';

export const foodOrderDispatch: MutationResolvers['foodOrderDispatch'] =
  orderTransition('DISPATCH');

export const FoodOrderDispatchPayload: FoodOrderDispatchPayloadResolvers = orderPayload;
