import { badUserInput, notFound } from '../../../lib/errors';
import type { CommerceContext } from '../context';
import type { FavoriteTargetRow } from '../data/loaders';

const MAX_FAVORITE_TARGETS = 50;

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
    if (!(first > 0 && first <= MAX_FAVORITE_TARGETS)) {
      throw badUserInput(`first must be between 1 and ${MAX_FAVORITE_TARGETS}`, 'first');
    }
    return db.query<FavoriteTargetRow>(
      `SELECT kind, id, title, benefit, gift_campaign_id FROM favorite_targets
        WHERE $1::text IS NULL OR kind = $1
        ORDER BY kind, id
        LIMIT $2`,
      [kind, first],
    );
  },
};
