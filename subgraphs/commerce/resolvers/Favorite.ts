import type { FavoriteResolvers, FavoriteTargetResolvers } from '../__generated__/resolvers-types';

export const Favorite: FavoriteResolvers = {
  targetId: (row) => row.target_id,
  addedAt: (row) => row.added_at,
  target: (row) => ({
    kind: row.kind,
    id: row.target_id,
    title: row.title,
    benefit: row.benefit,
    gift_campaign_id: row.gift_campaign_id,
  }),
};

export const FavoriteTarget: FavoriteTargetResolvers = {
  gift: (target, _, { loaders }) =>
    target.gift_campaign_id ? loaders.campaignById.load(target.gift_campaign_id) : null,
};
