import type { BusinessAreaRow } from '../data/loaders';

export const BusinessArea = {
  nameEn: (row: BusinessAreaRow) => row.name_en,
  centre: (row: BusinessAreaRow) => ({ lat: row.centre_lat, lng: row.centre_lng }),
  radiusMeters: (row: BusinessAreaRow) => row.radius_m,
};
