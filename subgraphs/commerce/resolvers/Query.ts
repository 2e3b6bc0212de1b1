import { notFound } from '../../../lib/errors';
import type { CommerceContext } from '../context';

export const Query = {
  product: async (_: unknown, { id }: { id: string }, { loaders }: CommerceContext) => {
    const product = await loaders.productById.load(id);
    if (!product) throw notFound('Product', id);
    return product;
  },
};
