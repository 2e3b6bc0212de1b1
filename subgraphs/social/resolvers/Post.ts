import type { PostRow } from '../data/loaders';

export const Post = {
  kind: () => 'POST',
  author: (post: PostRow) => ({ id: post.author_id }),
  createdAt: (post: PostRow) => post.created_at,
};
