import type { Database } from '../../../lib/database';
import { DataLoader, oneByKey } from '../../../lib/loaders';

export interface StoreRow {
  id: string;
  name: string;
  name_en: string;
  category: string;
  lat: number;
  lng: number;
  address: string;
  address_en: string;
  business_area_id: string | null;
  merchant_id: string;
}

export interface BusinessAreaRow {
  id: string;
  name: string;
  name_en: string;
  centre_lat: number;
  centre_lng: number;
  radius_m: number;
}

export const STORE_COLUMNS =
  'id, name, name_en, category, lat, lng, address, address_en, business_area_id, merchant_id';

export function createLoaders(db: Database) {
  return {
    storeById: new DataLoader<string, StoreRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<StoreRow>(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = ANY($1)`, [ids]),
        (row) => row.id,
      ),
    ),
    businessAreaById: new DataLoader<string, BusinessAreaRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<BusinessAreaRow>(
          'SELECT id, name, name_en, centre_lat, centre_lng, radius_m FROM business_areas WHERE id = ANY($1)',
          [ids],
        ),
        (row) => row.id,
      ),
    ),
  };
}

export type MapsLoaders = ReturnType<typeof createLoaders>;
