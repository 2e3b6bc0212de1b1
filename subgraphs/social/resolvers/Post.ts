import type { PostResolvers } from '../__generated__/resolvers-types';

export const Post: PostResolvers = {
  kind: () => 'POST',
  author: (post) => ({ id: post.author_id }),
  createdAt: (post) => post.created_at,
};
