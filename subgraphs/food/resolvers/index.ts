import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { FoodOrder } from './FoodOrder';
import { FoodOrderLine } from './FoodOrderLine';
import { FoodOrderStatusChange } from './FoodOrderStatusChange';
import { MenuItem } from './MenuItem';
import { foodOrderAccept, FoodOrderAcceptPayload } from './mutations/FoodOrderAccept';
import { foodOrderCancel, FoodOrderCancelPayload } from './mutations/FoodOrderCancel';
import { foodOrderDeliver, FoodOrderDeliverPayload } from './mutations/FoodOrderDeliver';
import { foodOrderComplete, FoodOrderCompletePayload } from './mutations/FoodOrderComplete';
import { foodOrderDispatch, FoodOrderDispatchPayload } from './mutations/FoodOrderDispatch';
import { foodOrderMarkReady, FoodOrderMarkReadyPayload } from './mutations/FoodOrderMarkReady';
import { foodOrderPlace, FoodOrderPlacePayload } from './mutations/FoodOrderPlace';
import { Query } from './Query';
import { DeliveryQuote, Store } from './Store';
import { User } from './User';

export const resolvers: Resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation: {
    foodOrderPlace,
    foodOrderAccept,
    foodOrderDispatch,
    foodOrderDeliver,
    foodOrderMarkReady,
    foodOrderComplete,
    foodOrderCancel,
  },
  Store,
  DeliveryQuote,
  User,
  FoodOrder,
  FoodOrderStatusChange,
  FoodOrderLine,
  MenuItem,
  FoodOrderPlacePayload,
  FoodOrderAcceptPayload,
  FoodOrderDispatchPayload,
  FoodOrderDeliverPayload,
  FoodOrderMarkReadyPayload,
  FoodOrderCompletePayload,
  FoodOrderCancelPayload,
};
