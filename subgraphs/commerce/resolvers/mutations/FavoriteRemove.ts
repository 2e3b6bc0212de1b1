import type { CommerceContext } from '../context';
import { removeFavorite } from '../data/favorites';
import { requireViewer, runMutation } from '../../kit/mutations';
import type { FavoriteInput } from './favoriteAdd';

export async function favoriteRemove(
  _: unknown,
  { input }: { input: FavoriteInput },
  { db, viewerId }: CommerceContext,
) {
  const userId = requireViewer(viewerId, 'remove a favorite');
  return runMutation(db, { actor: userId, operation: 'favoriteRemove', input }, async (tx) => {
    await removeFavorite(tx, userId, input.kind, input.targetId);
    return { removedTargetId: input.targetId, userErrors: [] };
  });
}

export const FavoriteRemovePayload = {
  removedTargetId: (payload: { removedTargetId?: string }) => payload.removedTargetId ?? null,
};
