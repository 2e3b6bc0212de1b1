import type { CommerceContext } from '../context';
import { addFavorite, type FavoriteKind } from '../data/favorites';
import { requireViewer, runMutation } from '../../kit/mutations';

export interface FavoriteInput {
  kind: FavoriteKind;
  targetId: string;
}

interface FavoriteKey {
  userId: string;
  kind: FavoriteKind;
  targetId: string;
}

export async function favoriteAdd(
  _: unknown,
  { input }: { input: FavoriteInput },
  { db, viewerId }: CommerceContext,
) {
  const userId = requireViewer(viewerId, 'add a favorite');
  return runMutation(db, { actor: userId, operation: 'favoriteAdd', input }, async (tx) => ({
    favorite: { userId, kind: input.kind, targetId: input.targetId } satisfies FavoriteKey,
    ...(await addFavorite(tx, userId, input.kind, input.targetId)),
    userErrors: [],
  }));
}

export const FavoriteAddPayload = {
  favorite: async (
    payload: { favorite?: FavoriteKey },
    _: unknown,
    { loaders }: CommerceContext,
  ) => {
    const key = payload.favorite;
    if (!key) return null;
    const favorites = await loaders.favoritesByUser.load(key.userId);
    return favorites.find((f) => f.kind === key.kind && f.target_id === key.targetId) ?? null;
  },
  gift: (payload: { giftCouponId?: string | null }, _: unknown, { loaders }: CommerceContext) =>
    payload.giftCouponId ? loaders.couponById.load(payload.giftCouponId) : null,
};
