import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  LifeAccountFollowPayloadResolvers,
  MutationResolvers,
} from '../../__generated__/resolvers-types';
import { setLifeAccountFollow } from '../../data/following';

const followResolver =
  (following: boolean): MutationResolvers['lifeAccountFollow'] =>
  async (_, { input }, { db, viewerId, cacheTags }) => {
    const userId = requireViewer(
      viewerId,
      following ? 'follow a life account' : 'unfollow a life account',
    );
    const result = await runMutation(
      db,
      {
        actor: userId,
        operation: following ? 'lifeAccountFollow' : 'lifeAccountUnfollow',
        input,
      },
      async (tx) => ({
        ...(await setLifeAccountFollow(tx, userId, input.lifeAccountId, following)),
        userErrors: [],
      }),
    );
    // The follower's count and feed changed.
    if ('lifeAccountId' in result && result.lifeAccountId) cacheTags.changed('User', userId);
    return result;
  };

export const lifeAccountFollow: MutationResolvers['lifeAccountFollow'] = followResolver(true);
export const lifeAccountUnfollow: MutationResolvers['lifeAccountUnfollow'] = followResolver(false);

export const LifeAccountFollowPayload: LifeAccountFollowPayloadResolvers = {
  lifeAccount: (payload, _, { loaders }) =>
    payload.lifeAccountId ? loaders.lifeAccountById.load(payload.lifeAccountId) : null,
  following: (payload) => payload.following ?? null,
};
