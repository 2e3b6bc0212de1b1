import type { MapsContext } from '../context';
import type { BusinessAreaRow } from '../data/rows';
import { decodeDistanceCursor, storeConnection } from '../pagination';

interface AreaStoresArgs {
  category: string | null;
  first: number;
  after: string | null;
}

export const BusinessArea = {
  __resolveReference: ({ id }: { id: string }, { loaders }: MapsContext) =>
    loaders.businessAreaById.load(id),
  nameEn: (row: BusinessAreaRow) => row.name_en,
  centre: (row: BusinessAreaRow) => ({ lat: row.centre_lat, lng: row.centre_lng }),
  radiusMeters: (row: BusinessAreaRow) => row.radius_m,
  stores: async (row: BusinessAreaRow, args: AreaStoresArgs, { loaders }: MapsContext) => {
    const page = {
      category: args.category ?? null,
      first: args.first,
      after: decodeDistanceCursor(args.after),
    };
    return storeConnection(await loaders.storesInArea(page).load(row.id), args.first);
  },
};
