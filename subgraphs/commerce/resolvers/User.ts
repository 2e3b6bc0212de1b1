import type { CommerceContext } from '../context';
import type { CouponRow, FavoriteRow } from '../data/loaders';

export const User = {
  __resolveReference: (user: { id: string }) => user,
  favorites: (user: { id: string }, _: unknown, { viewerId, loaders }: CommerceContext) =>
    viewerId === user.id ? loaders.favoritesByUser.load(user.id) : null,
  coupons: (user: { id: string }, _: unknown, { viewerId, loaders }: CommerceContext) =>
    viewerId === user.id ? loaders.couponsByUser.load(user.id) : null,
};

export const Favorite = {
  targetId: (row: FavoriteRow) => row.target_id,
  addedAt: (row: FavoriteRow) => row.added_at,
};

export const Coupon = {
  minimumSpend: (row: CouponRow) => row.minimum_spend,
  validUntil: (row: CouponRow) => row.valid_until,
  status: (row: CouponRow) =>
    row.used_at ? 'USED' : row.valid_until.getTime() <= Date.now() ? 'EXPIRED' : 'AVAILABLE',
};
