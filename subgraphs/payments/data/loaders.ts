import type { Database } from '../../kit/database';
import { DataLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { PAYMENT_COLUMNS, type PaymentRow } from './payments';

export interface UserRow {
  id: string;
  nickname: string;
  wallet_tier: string;
}

export interface MerchantRow {
  id: string;
  name: string;
  name_en: string;
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
}

export interface MemberOfferRow {
  merchant_id: string;
  merchant_tier: string;
  discount_percent: number;
  description: string;
  is_member: boolean;
}

export interface ProgrammeRow {
  merchant_id: string;
  fee: number;
  period_days: number;
  discount_percent: number;
  min_credit_score: number;
}

export interface SettlementRow {
  id: string;
  membership_id: string;
  period_start: Date;
  period_end: Date;
  benefits_enjoyed: number;
  charged: number;
  status: 'CHARGED' | 'OUTSTANDING';
  settled_at: Date;
}

const MEMBERSHIP_COLUMNS =
  'id, user_id, merchant_id, status, fee, period_start, period_end, benefits_enjoyed';

export function createLoaders(db: Database, viewerId: string | null) {
  return {
    walletBalanceByUser: new DataLoader<string, number>(async (userIds) => {
      const rows = await db.query<{ owner_id: string; balance: number }>(
        "SELECT owner_id, balance FROM accounts WHERE kind = 'USER_WALLET' AND owner_id = ANY($1)",
        [userIds],
      );
      return oneByKey(userIds, rows, (row) => row.owner_id).map((row) => row?.balance ?? 0);
    }),
    /** Payments by the owner's order reference (food:<id>, commerce:<id>), for their payer only. */
    paymentByOrderRef: new DataLoader<string, PaymentRow | null>(async (orderRefs) =>
      viewerId === null
        ? orderRefs.map(() => null)
        : oneByKey(
            orderRefs,
            await db.query<PaymentRow>(
              `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_ref = ANY($1) AND payer_id = $2`,
              [orderRefs, viewerId],
            ),
            (row) => row.order_ref,
          ),
    ),
    /** Whether the owner has called an order off (closed_orders), by order reference. */
    closedOrder: new DataLoader<string, boolean>(async (orderRefs) => {
      const closed = await db.query<{ order_ref: string }>(
        'SELECT order_ref FROM closed_orders WHERE order_ref = ANY($1)',
        [orderRefs],
      );
      const refs = new Set(closed.map((row) => row.order_ref));
      return orderRefs.map((ref) => refs.has(ref));
    }),
    paymentById: new DataLoader<string, PaymentRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ANY($1)`, [
          ids,
        ]),
        (row) => row.id,
      ),
    ),
    programmeByMerchant: new DataLoader<string, ProgrammeRow | null>(async (merchantIds) =>
      oneByKey(
        merchantIds,
        await db.query<ProgrammeRow>(
          `SELECT merchant_id, fee, period_days, discount_percent, min_credit_score
             FROM membership_programmes WHERE merchant_id = ANY($1)`,
          [merchantIds],
        ),
        (row) => row.merchant_id,
      ),
    ),
    membershipById: new DataLoader<string, LightMembershipRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<LightMembershipRow>(
          `SELECT ${MEMBERSHIP_COLUMNS} FROM light_memberships WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    settlementById: new DataLoader<string, SettlementRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<SettlementRow>(
          `SELECT id, membership_id, period_start, period_end, benefits_enjoyed, charged, status, settled_at
             FROM membership_settlements WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    userById: new DataLoader<string, UserRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<UserRow>('SELECT id, nickname, wallet_tier FROM users WHERE id = ANY($1)', [
          ids,
        ]),
        (row) => row.id,
      ),
    ),
    merchantById: new DataLoader<string, MerchantRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<MerchantRow>('SELECT id, name, name_en FROM merchants WHERE id = ANY($1)', [
          ids,
        ]),
        (row) => row.id,
      ),
    ),
    /** Running and cancelled-this-period light memberships, by user. */
    lightMembershipsByUser: new DataLoader<string, LightMembershipRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<LightMembershipRow>(
          `SELECT ${MEMBERSHIP_COLUMNS}
             FROM light_memberships
            WHERE user_id = ANY($1) AND period_end > now()
            ORDER BY period_start, id`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    /**
     * The offers each merchant grants the viewer, by merchant: one query for
     * every store on the screen, whatever their number.
     */
    memberOfferByMerchant: new DataLoader<string, MemberOfferRow | null>(async (merchantIds) =>
      viewerId === null
        ? merchantIds.map(() => null)
        : oneByKey(
            merchantIds,
            await db.query<MemberOfferRow>(
              `SELECT m.merchant_id, m.merchant_tier, m.discount_percent, m.description,
                    EXISTS (
                      SELECT 1 FROM light_memberships lm
                       WHERE lm.user_id = u.id AND lm.merchant_id = m.merchant_id
                         AND lm.status = 'ACTIVE' AND lm.period_end > now()
                    ) AS is_member
               FROM users u
               JOIN member_tier_mappings m ON m.wallet_tier = u.wallet_tier
              WHERE u.id = $1 AND m.merchant_id = ANY($2)`,
              [viewerId, merchantIds],
            ),
            (row) => row.merchant_id,
          ),
    ),
  };
}

export type PaymentsLoaders = ReturnType<typeof createLoaders>;
