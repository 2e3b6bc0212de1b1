import { checkPoint } from '../../kit/geo';
import type { StoreResolvers } from '../__generated__/resolvers-types';
import { estimateTravel } from '../travel';

export const Store: StoreResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.storeById.load(id),
  nameEn: (row) => row.name_en,
  addressEn: (row) => row.address_en,
  location: (row) => ({ lat: row.lat, lng: row.lng }),
  merchant: (row) => ({ id: row.merchant_id }),
  brand: (row) => (row.brand_id ? { id: row.brand_id } : null),
  businessArea: (row, _, { loaders }) =>
    row.business_area_id ? loaders.businessAreaById.load(row.business_area_id) : null,
  /** Pure arithmetic on the row already loaded: no statement of its own, however many stores. */
  travel: (row, { from }) => {
    checkPoint(from, 'from');
    return estimateTravel(from, row);
  },
  arrivalOffer: (row, _, { loaders }) => loaders.arrivalOfferByStore.load(row.id),
};
