import { requireViewer, runMutation } from '../../../kit/mutations';
import type {
  MutationResolvers,
  UserFollowPayloadResolvers,
} from '../../__generated__/resolvers-types';
import { setUserFollow } from '../../data/following';

const followResolver =
  (following: boolean): MutationResolvers['userFollow'] =>
  async (_, { input }, { db, viewerId, cacheTags }) => {
    const followerId = requireViewer(viewerId, following ? 'follow someone' : 'unfollow someone');
    const result = await runMutation(
      db,
      { actor: followerId, operation: following ? 'userFollow' : 'userUnfollow', input },
      async (tx) => ({
        ...(await setUserFollow(tx, followerId, input.userId, following)),
        userErrors: [],
      }),
    );
    // Both users' counts changed.
    if ('userId' in result && result.userId) {
      cacheTags.changed('User', result.userId);
      cacheTags.changed('User', followerId);
    }
    return result;
  };

export const userFollow: MutationResolvers['userFollow'] = followResolver(true);
export const userUnfollow: MutationResolvers['userUnfollow'] = followResolver(false);

export const UserFollowPayload: UserFollowPayloadResolvers = {
  user: (payload) => (payload.userId ? { id: payload.userId } : null),
  following: (payload) => payload.following ?? null,
};
