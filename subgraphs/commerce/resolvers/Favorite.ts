import type { FavoriteResolvers, FavoriteTargetResolvers } from '../__generated__/resolvers-types';

export const Favorite: FavoriteResolvers = {
  targetId: (row) => row.target_id,
  addedAt: (row) => row.added_at,
  titleEn: (row) => row.title_en,
  benefitEn: (row) => row.benefit_en,
  target: (row) => ({
    kind: row.kind,
    id: row.target_id,
    title: row.title,
    title_en: row.title_en,
    benefit: row.benefit,
    benefit_en: row.benefit_en,
    gift_campaign_id: row.gift_campaign_id,
  }),
};

export const FavoriteTarget: FavoriteTargetResolvers = {
  titleEn: (target) => target.title_en,
  benefitEn: (target) => target.benefit_en,
  gift: (target, _, { loaders }) =>
    target.gift_campaign_id ? loaders.campaignById.load(target.gift_campaign_id) : null,
};
