import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Coupon, CouponCampaign } from './Coupon';
import { Favorite, FavoriteTarget } from './Favorite';
import { couponClaim, CouponClaimPayload } from './mutations/CouponClaim';
import { favoriteAdd, FavoriteAddPayload } from './mutations/FavoriteAdd';
import { favoriteRemove, FavoriteRemovePayload } from './mutations/FavoriteRemove';
import { shopOrderCancel, ShopOrderCancelPayload } from './mutations/ShopOrderCancel';
import { shopOrderPlace, ShopOrderPlacePayload } from './mutations/ShopOrderPlace';
import { Brand, FlagshipShop, Product, StockLevel } from './Product';
import { Query } from './Query';
import { ShopOrder, ShopOrderLine } from './ShopOrder';
import { LightShop, Store } from './Store';
import { User } from './User';

export const resolvers: Resolvers = {
  Fen: FenScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation: { shopOrderPlace, shopOrderCancel, couponClaim, favoriteAdd, favoriteRemove },
  Product,
  Brand,
  FlagshipShop,
  StockLevel,
  Store,
  LightShop,
  User,
  Favorite,
  FavoriteTarget,
  Coupon,
  CouponCampaign,
  ShopOrder,
  ShopOrderLine,
  ShopOrderPlacePayload,
  ShopOrderCancelPayload,
  CouponClaimPayload,
  FavoriteAddPayload,
  FavoriteRemovePayload,
};
