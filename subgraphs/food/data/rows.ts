import type { GeoPoint } from '../../kit/geo';
import type { PayloadRecord } from '../../kit/mutations';
import type { FoodFulfilment, FoodOrderActor, FoodOrderStatus } from '../orderStatus';

export interface KitchenRow {
  store_id: string;
  base_fee: number;
  prep_minutes: number;
  delivery_radius_m: number;
  open_orders: number;
  /** The wallet merchant paid for this kitchen's orders; null until one is contracted. */
  merchant_id: string | null;
  offers_delivery: boolean;
  offers_pickup: boolean;
  offers_dine_in: boolean;
}

export interface MenuItemRow {
  id: string;
  store_id: string;
  name: string;
  name_en: string;
  price: number;
  available: boolean;
}

export interface HoursRow {
  store_id: string;
  opens_at: string;
  closes_at: string;
}

export interface FoodOrderRow {
  id: string;
  user_id: string;
  store_id: string;
  status: FoodOrderStatus;
  fulfilment: FoodFulfilment;
  /** A dine-in order's table; null for other modes. */
  table_number: string | null;
  /** When the kitchen has it ready; null for orders recorded before it was kept. */
  ready_at: Date | null;
  subtotal: number;
  delivery_fee: number;
  total: number;
  deliver_lat: number | null;
  deliver_lng: number | null;
  placed_at: Date;
  /** placed_at to the microsecond, as text: a Date keeps only milliseconds, a cursor needs all. */
  placed_at_exact: string;
  /** A payment request was signed for it (subgraphs/kit/wallet-closure.ts). */
  payment_offered: boolean;
  /** The coupon applied when it was placed (subgraphs/kit/coupon-codes.ts). */
  coupon_id: string | null;
  coupon_discount: number;
  coupon_valid_until: Date | null;
}

export interface FoodOrderLineRow {
  order_id: string;
  menu_item_id: string;
  quantity: number;
  unit_price: number;
}

export interface FoodOrderStatusChangeRow {
  order_id: string;
  status: FoodOrderStatus;
  at: Date;
  actor_role: FoodOrderActor;
}

export const MENU_COLUMNS = 'id, store_id, name, name_en, price, available';

export const ORDER_COLUMNS = `id, user_id, store_id, status, fulfilment, table_number, ready_at,
  subtotal, delivery_fee, total, deliver_lat, deliver_lng, placed_at, payment_offered, coupon_id, coupon_discount, coupon_valid_until,
  to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS placed_at_exact`;

/** The maps subgraph's store, as the gateway hands it over (`location` when a field requires it). */
export interface StoreRow {
  id: string;
  location?: GeoPoint;
}

/** What a food order mutation records (and a replay returns): the order as its id. */
/** A delivery quote, and the store whose kitchen hours say whether it is open. */
export interface DeliveryQuoteRow {
  store_id: string;
  fee: number;
  etaMinutes: number;
  distanceMeters: number;
}

export type FoodOrderPayloadRow = PayloadRecord & { orderId?: string };
export type FoodOrderPlacePayloadRow = FoodOrderPayloadRow;
export type FoodOrderAcceptPayloadRow = FoodOrderPayloadRow;
export type FoodOrderDispatchPayloadRow = FoodOrderPayloadRow;
export type FoodOrderDeliverPayloadRow = FoodOrderPayloadRow;
export type FoodOrderMarkReadyPayloadRow = FoodOrderPayloadRow;
export type FoodOrderCompletePayloadRow = FoodOrderPayloadRow;
export type FoodOrderCancelPayloadRow = FoodOrderPayloadRow;
