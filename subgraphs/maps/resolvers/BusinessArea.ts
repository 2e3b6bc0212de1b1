import type { BusinessAreaResolvers } from '../__generated__/resolvers-types';
import { decodeDistanceCursor, storeConnection } from '../pagination';

export const BusinessArea: BusinessAreaResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.businessAreaById.load(id),
  nameEn: (row) => row.name_en,
  centre: (row) => ({ lat: row.centre_lat, lng: row.centre_lng }),
  radiusMeters: (row) => row.radius_m,
  stores: async (row, args, { loaders }) => {
    const page = {
      category: args.category ?? null,
      first: args.first,
      after: decodeDistanceCursor(args.after),
    };
    return storeConnection(await loaders.storesInArea(page).load(row.id), args.first);
  },
};
