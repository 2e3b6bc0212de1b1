import { DateTimeScalar, FenScalar } from '../../../lib/scalars';
import { FoodOrder, FoodOrderLine, MenuItem } from './FoodOrder';
import { Store } from './Store';
import { User } from './User';

export const resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Store,
  User,
  FoodOrder,
  FoodOrderLine,
  MenuItem,
};
