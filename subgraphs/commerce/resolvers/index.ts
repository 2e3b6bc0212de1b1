import { DateTimeScalar, FenScalar } from '../../kit/scalars';
import { Coupon, CouponCampaign } from './Coupon';
import { couponClaim, CouponClaimPayload } from './couponClaim';
import { Favorite, FavoriteTarget } from './Favorite';
import { favoriteAdd, FavoriteAddPayload } from './favoriteAdd';
import { favoriteRemove, FavoriteRemovePayload } from './favoriteRemove';
import { Brand, FlagshipShop, Product, StockLevel } from './Product';
import { Query } from './Query';
import { ShopOrder, ShopOrderLine } from './ShopOrder';
import { shopOrderCancel } from './shopOrderCancel';
import { shopOrderPlace, ShopOrderPlacePayload } from './shopOrderPlace';
import { LightShop, Store } from './Store';
import { User } from './User';

export const resolvers = {
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
  ShopOrderCancelPayload: ShopOrderPlacePayload,
  CouponClaimPayload,
  FavoriteAddPayload,
  FavoriteRemovePayload,
};
