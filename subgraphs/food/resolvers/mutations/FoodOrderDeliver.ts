import type {
  FoodOrderDeliverPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { orderPayload, orderTransition } from './order-transition';

export const foodOrderDeliver: MutationResolvers['foodOrderDeliver'] = orderTransition('DELIVER');

export const FoodOrderDeliverPayload: FoodOrderDeliverPayloadResolvers = orderPayload;
