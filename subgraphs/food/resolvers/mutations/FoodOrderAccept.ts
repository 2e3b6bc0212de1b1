import type {
  FoodOrderAcceptPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { orderPayload, orderTransition } from './order-transition';

export const foodOrderAccept: MutationResolvers['foodOrderAccept'] = orderTransition('ACCEPT');

export const FoodOrderAcceptPayload: FoodOrderAcceptPayloadResolvers = orderPayload;
