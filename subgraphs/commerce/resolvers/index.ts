import { DateTimeScalar, FenScalar } from '../../../lib/scalars';
import { Brand, Product } from './Product';
import { Query } from './Query';
import { LightShop, Store } from './Store';
import { Coupon, Favorite, User } from './User';

export const resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Product,
  Brand,
  Store,
  LightShop,
  User,
  Favorite,
  Coupon,
};
