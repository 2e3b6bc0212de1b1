import type {
  FoodOrderMarkReadyPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { orderPayload, orderTransition } from './order-transition';

export const foodOrderMarkReady: MutationResolvers['foodOrderMarkReady'] =
  orderTransition('MARK_READY');

export const FoodOrderMarkReadyPayload: FoodOrderMarkReadyPayloadResolvers = orderPayload;
