import type { CommerceContext } from '../context';
import type { FavoriteRow, FavoriteTargetRow } from '../data/loaders';

export const Favorite = {
  targetId: (row: FavoriteRow) => row.target_id,
  addedAt: (row: FavoriteRow) => row.added_at,
  target: (row: FavoriteRow): FavoriteTargetRow => ({
    kind: row.kind,
    id: row.target_id,
    title: row.title,
    benefit: row.benefit,
    gift_campaign_id: row.gift_campaign_id,
  }),
};

export const FavoriteTarget = {
  gift: (target: FavoriteTargetRow, _: unknown, { loaders }: CommerceContext) =>
    target.gift_campaign_id ? loaders.campaignById.load(target.gift_campaign_id) : null,
};
