import type { CouponResolvers } from '../__generated__/resolvers-types';

/** A marketplace coupon: the wallet knows only whether a payment of its holder's spent it. */
export const Coupon: CouponResolvers = {
  spentAt: ({ id }, _, { loaders }) => loaders.couponSpentAt.load(id),
};
