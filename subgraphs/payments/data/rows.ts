import type { PayloadRecord } from '../../kit/mutations';
import type { LedgerTransactionKind, WalletTier } from '../__generated__/enums';

export interface UserRow {
  id: string;
  nickname: string;
  wallet_tier: WalletTier;
}

export interface MerchantRow {
  id: string;
  name: string;
  name_en: string;
  /** The wallet user who owns the merchant: who may read its account. */
  owner_user_id: string | null;
}

/** A merchant's account in the wallet, as its owner reads it. */
export interface MerchantAccountRow {
  merchantId: string;
}

export interface LightMembershipRow {
  id: string;
  user_id: string;
  merchant_id: string;
  status: 'ACTIVE' | 'CANCELLED';
  fee: number;
  period_start: Date;
  period_end: Date;
  benefits_enjoyed: number;
  /** Cancelled: when the period would have ended, and the programme may be joined again. */
  rejoin_after: Date | null;
}

/** What a payer paid: the price less both discounts. */
export function chargedFor(
  payment: Pick<PaymentRow, 'amount' | 'tier_discount' | 'discount'>,
): number {
  return payment.amount - payment.tier_discount - payment.discount;
}

export interface MemberOfferRow {
  merchant_id: string;
  merchant_tier: string;
  discount_percent: number;
  description: string;
  is_member: boolean;
}

export interface MembershipProgrammeRow {
  merchant_id: string;
  fee: number;
  period_days: number;
  discount_percent: number;
  min_credit_score: number;
}

export interface MembershipSettlementRow {
  id: string;
  membership_id: string;
  period_start: Date;
  period_end: Date;
  benefits_enjoyed: number;
  charged: number;
  status: 'CHARGED' | 'OUTSTANDING';
  settled_at: Date;
  /** An outstanding charge paid after the settlement. */
  paid_at: Date | null;
}

export const MEMBERSHIP_PROGRAMME_COLUMNS =
  'merchant_id, fee, period_days, discount_percent, min_credit_score';

export const MEMBERSHIP_SETTLEMENT_COLUMNS =
  'id, membership_id, period_start, period_end, benefits_enjoyed, charged, status, settled_at, paid_at';

export const LIGHT_MEMBERSHIP_COLUMNS =
  'id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed, rejoin_after';

export interface PaymentRow {
  id: string;
  order_ref: string;
  payer_id: string;
  merchant_id: string;
  amount: number;
  /** The merchant's member-tier offer for the payer's wallet tier. */
  tier_discount: number;
  /** The payer's light-membership discount, on what the tier offer left. */
  discount: number;
  light_membership_id: string | null;
  description: string;
  status: 'SUCCEEDED' | 'REFUNDED';
  created_at: Date;
  refunded_at: Date | null;
  /** The coupon the owner priced into `amount`, and what it took off. */
  coupon_id: string | null;
  coupon_discount: number;
}

export const PAYMENT_COLUMNS =
  'id, order_ref, payer_id, merchant_id, amount, tier_discount, discount, light_membership_id, description, status, created_at, refunded_at, coupon_id, coupon_discount';

/** A wallet is its owner's: what it shows is derived from the ledger. */
export interface WalletRow {
  userId: string;
}

export interface LedgerEntryRow {
  id: number;
  amount: number;
  kind: LedgerTransactionKind;
  reference: string;
  created_at: Date;
}

/** The maps subgraph's store, as the gateway hands it over. */
export interface StoreRow {
  id: string;
  /** Nullable in the schema, as every reference to another subgraph's entity is. */
  merchant?: { id: string } | null;
}

/** Another app's order, with what the plan brought from its owner. */
export interface OrderRow {
  id: string;
  /** The owner's signed refund request: set once the owner has called the order off. */
  refundRequest?: string | null;
}
export type FoodOrderRow = OrderRow;
export type ShopOrderRow = OrderRow;

/** What a mutation records (and a replay returns): plain JSON, its objects as ids. */
export type PaymentCreatePayloadRow = PayloadRecord & { paymentId?: string };
export type PaymentRefundPayloadRow = PaymentCreatePayloadRow;
/** A user's standing in the wallet: their tier and their running and recent light memberships. */
export interface MembershipRow {
  user_id: string;
  wallet_tier: WalletTier;
  light_memberships: LightMembershipRow[];
}

export type MembershipSettlementPayPayloadRow = PayloadRecord & { settlementId?: string };

export type WalletTopUpPayloadRow = PayloadRecord & {
  topUpId?: string;
  /** With DAILY_TOP_UP_LIMIT: when the next day's limit begins. */
  retryAt?: string;
};

export interface FundingSourceRow {
  id: string;
  user_id: string;
  kind: 'BANK_CARD';
  bank: string;
  last4: string;
  added_at: Date;
}

export const FUNDING_SOURCE_COLUMNS = 'id, user_id, kind, bank, last4, added_at';

export interface TopUpRow {
  id: string;
  user_id: string;
  funding_source_id: string;
  amount: number;
  created_at: Date;
}

export const TOP_UP_COLUMNS = 'id, user_id, funding_source_id, amount, created_at';

export type LightMembershipPayloadRow = PayloadRecord & {
  membershipId?: string;
  /** With REJOIN_TOO_SOON: when joining can succeed. */
  retryAt?: string;
  settlementId?: string | null;
};
export type MerchantTierMappingSetPayloadRow = PayloadRecord & { merchantId?: string };
