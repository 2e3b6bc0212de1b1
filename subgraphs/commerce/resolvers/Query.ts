import { notFound } from '../../../lib/errors';
import type { CommerceContext } from '../context';
import type { FavoriteTargetRow } from '../data/loaders';

export const Query = {
  product: async (_: unknown, { id }: { id: string }, { loaders }: CommerceContext) => {
    const product = await loaders.productById.load(id);
    if (!product) throw notFound('Product', id);
    return product;
  },
  couponCampaign: async (_: unknown, { id }: { id: string }, { loaders }: CommerceContext) => {
    const campaign = await loaders.campaignById.load(id);
    if (!campaign) throw notFound('Coupon campaign', id);
    return campaign;
  },
  favoriteTargets: (
    _: unknown,
    { kind, first }: { kind: string | null; first: number },
    { db }: CommerceContext,
  ) => {
    return db.query<FavoriteTargetRow>(
      `SELECT kind, id, title, benefit, gift_campaign_id FROM favorite_targets
        WHERE $1::text IS NULL OR kind = $1
        ORDER BY kind, id
        LIMIT $2`,
      [kind, first],
    );
  },
};
