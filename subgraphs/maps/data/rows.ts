import type { PayloadRecord } from '../../kit/mutations';
import type { StoreCategory } from '../__generated__/enums';

export interface StoreRow {
  id: string;
  name: string;
  name_en: string;
  category: StoreCategory;
  lat: number;
  lng: number;
  address: string;
  address_en: string;
  business_area_id: string | null;
  merchant_id: string;
  /** The marketplace brand (commerce) of the chain it belongs to, if any. */
  brand_id: string | null;
}

export interface BusinessAreaRow {
  id: string;
  name: string;
  name_en: string;
  centre_lat: number;
  centre_lng: number;
  radius_m: number;
}

export interface ArrivalOfferRow {
  store_id: string;
  title: string;
  title_en: string;
  discount: number;
  minimum_spend: number;
}

export interface ArrivalCouponRow {
  id: string;
  user_id: string;
  store_id: string;
  arrival_day: string;
  title: string;
  title_en: string;
  discount: number;
  minimum_spend: number;
  issued_at: Date;
  valid_until: Date;
}

export const STORE_COLUMNS =
  'id, name, name_en, category, lat, lng, address, address_en, business_area_id, merchant_id, brand_id';

export const BUSINESS_AREA_COLUMNS = 'id, name, name_en, centre_lat, centre_lng, radius_m';

/** What storeArrive records (and a replay returns): the coupon travels as its id. */
export type StoreArrivePayloadRow = PayloadRecord & {
  retryAt?: string;
  couponId?: string | null;
  newlyIssued?: boolean;
};

/** A marketplace brand, as the gateway hands it over: the map knows its stores by its id. */
export interface BrandRow {
  id: string;
}
