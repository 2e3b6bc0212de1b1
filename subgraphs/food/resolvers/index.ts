import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import { FoodOrder } from './FoodOrder';
import { FoodOrderLine } from './FoodOrderLine';
import { FoodOrderStatusChange } from './FoodOrderStatusChange';
import { MenuItem } from './MenuItem';
import { Mutation } from './Mutation';
import {
  FoodOrderAcceptPayload,
  FoodOrderCancelPayload,
  FoodOrderDeliverPayload,
  FoodOrderDispatchPayload,
  FoodOrderPlacePayload,
} from './payloads';
import { Query } from './Query';
import { Store } from './Store';
import { User } from './User';

export const resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Store,
  User,
  FoodOrder,
  FoodOrderStatusChange,
  FoodOrderLine,
  MenuItem,
  FoodOrderPlacePayload,
  FoodOrderAcceptPayload,
  FoodOrderDispatchPayload,
  FoodOrderDeliverPayload,
  FoodOrderCancelPayload,
};
