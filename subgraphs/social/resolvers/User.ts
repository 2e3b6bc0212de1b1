import { badUserInput } from '../../../lib/errors';
import type { SocialContext } from '../context';
import type { PostRow } from '../data/loaders';

const MAX_FEED = 50;

export const User = {
  __resolveReference: (user: { id: string }) => user,

  /** Private: the feed is built for its owner only. */
  feed: async (
    user: { id: string },
    { first }: { first: number },
    { viewerId, db }: SocialContext,
  ) => {
    if (viewerId !== user.id) return null;
    if (!(first > 0 && first <= MAX_FEED)) {
      throw badUserInput(`first must be between 1 and ${MAX_FEED}`, 'first');
    }
    return db.query<PostRow>(
      `SELECT p.id, p.author_id, p.text, p.likes, p.created_at
         FROM follows f JOIN posts p ON p.author_id = f.followee_id
        WHERE f.follower_id = $1
        ORDER BY p.created_at DESC, p.id
        LIMIT $2`,
      [user.id, first],
    );
  },
};
