import { checkPoint, type GeoPoint } from '../../kit/geo';
import type { MapsContext } from '../context';
import type { StoreRow } from '../data/rows';
import { estimateTravel } from '../travel';

export const Store = {
  __resolveReference: ({ id }: { id: string }, { loaders }: MapsContext) =>
    loaders.storeById.load(id),
  nameEn: (row: StoreRow) => row.name_en,
  addressEn: (row: StoreRow) => row.address_en,
  location: (row: StoreRow) => ({ lat: row.lat, lng: row.lng }),
  merchant: (row: StoreRow) => ({ id: row.merchant_id }),
  businessArea: (row: StoreRow, _: unknown, { loaders }: MapsContext) =>
    row.business_area_id ? loaders.businessAreaById.load(row.business_area_id) : null,
  /** Pure arithmetic on the row already loaded: no statement of its own, however many stores. */
  travel: (row: StoreRow, { from }: { from: GeoPoint }) => {
    checkPoint(from, 'from');
    return estimateTravel(from, row);
  },
  arrivalOffer: (row: StoreRow, _: unknown, { loaders }: MapsContext) =>
    loaders.arrivalOfferByStore.load(row.id),
};
