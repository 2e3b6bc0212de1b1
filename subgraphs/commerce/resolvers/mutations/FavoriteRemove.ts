import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  FavoriteRemovePayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { removeFavorite } from '../../data/favorites';

export const favoriteRemove: MutationResolvers['favoriteRemove'] = async (
  _,
  { input },
  { db, viewerId },
) => {
  const userId = requireViewer(viewerId, 'remove a favorite');
  return runMutation(db, { actor: userId, operation: 'favoriteRemove', input }, async (tx) => {
    await removeFavorite(tx, userId, input.kind, input.targetId);
    return { removedTargetId: input.targetId, userErrors: [] };
  });
};

export const FavoriteRemovePayload: FavoriteRemovePayloadResolvers = {
  removedTargetId: (payload) => payload.removedTargetId ?? null,
};
