import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  FavoriteAddPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { validateDeviceId } from '../../data/coupons';
import { addFavorite } from '../../data/favorites';

export const favoriteAdd: MutationResolvers['favoriteAdd'] = async (
  _,
  { input },
  { db, viewerId },
) => {
  const userId = requireViewer(viewerId, 'add a favorite');
  validateDeviceId(input.deviceId);
  return runMutation(db, { actor: userId, operation: 'favoriteAdd', input }, async (tx) => ({
    favorite: { userId, kind: input.kind, targetId: input.targetId },
    ...(await addFavorite(tx, userId, input)),
    userErrors: [],
  }));
};

export const FavoriteAddPayload: FavoriteAddPayloadResolvers = {
  favorite: async (payload, _, { loaders }) => {
    const key = payload.favorite;
    if (!key) return null;
    const favorites = await loaders.favoritesByUser.load(key.userId);
    return favorites.find((f) => f.kind === key.kind && f.target_id === key.targetId) ?? null;
  },
  gift: (payload, _, { loaders }) =>
    payload.giftCouponId ? loaders.couponById.load(payload.giftCouponId) : null,
  retryAfter: (payload) => payload.retryAt ?? null,
};
