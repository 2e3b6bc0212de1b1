import type { MapsContext } from '../context';
import type { StoreRow } from '../data/loaders';

export const Store = {
  __resolveReference: ({ id }: { id: string }, { loaders }: MapsContext) =>
    loaders.storeById.load(id),
  nameEn: (row: StoreRow) => row.name_en,
  addressEn: (row: StoreRow) => row.address_en,
  location: (row: StoreRow) => ({ lat: row.lat, lng: row.lng }),
  merchant: (row: StoreRow) => ({ id: row.merchant_id }),
  businessArea: (row: StoreRow, _: unknown, { loaders }: MapsContext) =>
    row.business_area_id ? loaders.businessAreaById.load(row.business_area_id) : null,
};
