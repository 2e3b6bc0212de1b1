import { decodeCursor, encodeCursor } from '../../kit/cursor';
import { badUserInput, notFound } from '../../../lib/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { listBusinessAreas } from '../data/businessAreas';
import { nearbyStoreConnection } from '../pagination';

type AreaCursor = [nameEn: string, id: string];

function isAreaCursor(value: unknown): value is AreaCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  );
}

export const Query: QueryResolvers = {
  store: async (_, { id }, { loaders }) => {
    const store = await loaders.storeById.load(id);
    if (!store) throw notFound('Store', id);
    return store;
  },

  nearbyStores: async (_, args, { db, loaders }) => {
    if (args.businessAreaId && !(await loaders.businessAreaById.load(args.businessAreaId))) {
      throw badUserInput(`There is no business area "${args.businessAreaId}"`, 'businessAreaId');
    }
    return nearbyStoreConnection(db, {
      ...args,
      category: args.category ?? null,
      businessAreaId: args.businessAreaId ?? null,
      brandId: args.brandId ?? null,
    });
  },

  businessAreas: async (_, { first, after }, { db }) => {
    const cursor = after ? decodeCursor(after, isAreaCursor) : null;
    const rows = await listBusinessAreas(
      db,
      first,
      cursor ? { nameEn: cursor[0], id: cursor[1] } : null,
    );
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor([row.name_en, row.id] satisfies AreaCursor),
      node: row,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  businessArea: async (_, { id }, { loaders }) => {
    const area = await loaders.businessAreaById.load(id);
    if (!area) throw notFound('Business area', id);
    return area;
  },
};
