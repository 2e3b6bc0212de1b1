import type { PayloadRecord } from '../../kit/mutations';
import type { FavoriteKind } from '../__generated__/enums';

export interface ProductRow {
  id: string;
  brand_id: string;
  name: string;
  name_en: string;
  price: number;
}

export interface BrandRow {
  id: string;
  name: string;
  name_en: string;
  flagship_id: string;
  flagship_name: string;
  flagship_name_en: string;
  /** The wallet merchant paid for the brand's shop orders; null until one is contracted. */
  merchant_id: string | null;
}

export interface FlagshipShopRow {
  id: string;
  name: string;
  nameEn: string;
}

export interface LightShopRow {
  id: string;
  store_id: string;
  brand_id: string;
}

/** A product with the quantity one place (a light shop or a warehouse) holds. */
export type StockLevelRow = ProductRow & { holder_id: string; quantity: number };

export interface FavoriteTargetRow {
  kind: FavoriteKind;
  id: string;
  title: string;
  title_en: string;
  benefit: string | null;
  benefit_en: string | null;
  gift_campaign_id: string | null;
}

export interface FavoriteRow {
  user_id: string;
  kind: FavoriteKind;
  target_id: string;
  title: string;
  title_en: string;
  benefit: string | null;
  benefit_en: string | null;
  gift_campaign_id: string | null;
  added_at: Date;
}

export interface CouponRow {
  id: string;
  user_id: string;
  campaign_id: string | null;
  title: string;
  title_en: string;
  discount: number;
  minimum_spend: number;
  claimed_at: Date;
  valid_until: Date;
  /** Spent before coupons were spent through payments (a payment spends them now: spentAt). */
  used_at: Date | null;
  /** When a payment spent it, as the wallet says (Coupon.spentAt, by the gateway). */
  spentAt?: string | Date | null;
}

export interface CouponCampaignRow {
  id: string;
  title: string;
  title_en: string;
  discount: number;
  minimum_spend: number;
  channel: 'CLAIM' | 'FAVORITE_GIFT';
  budget: number;
  remaining: number;
  per_user_limit: number;
  claims_per_user_per_minute: number;
  claims_per_device_per_minute: number;
  claims_per_device_per_day: number;
  coupon_valid_days: number;
  starts_at: Date;
  ends_at: Date;
  /** The merchant whose food and shop orders its coupons apply to; null: none. */
  merchant_id: string | null;
}

export interface ShopOrderRow {
  id: string;
  user_id: string;
  store_id: string;
  light_shop_id: string;
  total: number;
  placed_at: Date;
  status: 'PLACED' | 'CANCELLED' | 'EXPIRED';
  /** Until when its units are held unpaid; null once nothing can expire it (subgraphs/commerce/reservations.ts). */
  reserved_until: Date | null;
  /** A payment request was signed for it (subgraphs/kit/wallet-closure.ts). */
  payment_offered: boolean;
  /** The coupon applied when it was placed (subgraphs/kit/coupon-codes.ts). */
  coupon_id: string | null;
  coupon_discount: number;
  coupon_valid_until: Date | null;
}

export interface ShopOrderLineRow {
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: number;
  source: 'LIGHT_SHOP' | 'FLAGSHIP_WAREHOUSE';
}

export const PRODUCT_COLUMNS = 'p.id, p.brand_id, p.name, p.name_en, p.price';
export const CAMPAIGN_COLUMNS = `id, title, title_en, discount, minimum_spend, channel, budget, remaining,
  per_user_limit, claims_per_user_per_minute, claims_per_device_per_minute, claims_per_device_per_day,
  coupon_valid_days,
  starts_at, ends_at, merchant_id`;
export const COUPON_COLUMNS =
  'id, user_id, campaign_id, title, title_en, discount, minimum_spend, claimed_at, valid_until, used_at';
export const SHOP_ORDER_COLUMNS =
  'id, user_id, store_id, light_shop_id, total, placed_at, status, reserved_until, payment_offered, coupon_id, coupon_discount, coupon_valid_until';

/** The maps subgraph's store, or a user of the graph's, as the gateway hands them over. */
export interface StoreRow {
  id: string;
}
export type UserRow = StoreRow;

/** What a mutation records (and a replay returns): plain JSON, its objects as ids. */
export type ShopOrderPlacePayloadRow = PayloadRecord & { orderId?: string };
export type ShopOrderCancelPayloadRow = ShopOrderPlacePayloadRow;
export type CouponClaimPayloadRow = PayloadRecord & { couponId?: string; retryAt?: string };
export interface FavoriteKey {
  userId: string;
  kind: FavoriteKind;
  targetId: string;
}
export type FavoriteAddPayloadRow = PayloadRecord & {
  favorite?: FavoriteKey;
  giftCouponId?: string | null;
  retryAt?: string;
};
export type FavoriteRemovePayloadRow = PayloadRecord & { removedTargetId?: string };

/** A wallet merchant, as commerce refers to it: payments answers for it. */
export interface MerchantRow {
  id: string;
}
