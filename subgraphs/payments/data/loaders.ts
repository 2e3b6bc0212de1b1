import { qualifiedColumns, type Database } from '../../kit/database';
import { DataLoader, manyByKey, oneByKey } from '../../kit/loaders';
import type { SubgraphContext } from '../../kit/subgraph';
import {
  LIGHT_MEMBERSHIP_COLUMNS,
  MEMBERSHIP_PROGRAMME_COLUMNS,
  MEMBERSHIP_SETTLEMENT_COLUMNS,
  FUNDING_SOURCE_COLUMNS,
  PAYMENT_COLUMNS,
  TOP_UP_COLUMNS,
  type FundingSourceRow,
  type LightMembershipRow,
  type MemberOfferRow,
  type MembershipProgrammeRow,
  type MembershipSettlementRow,
  type MerchantRow,
  type PaymentRow,
  type TopUpRow,
  type UserRow,
} from './rows';

export function createLoaders(db: Database, viewerId: string | null) {
  return {
    /** Balances by account id (wallet:<user>, merchant:<id>); 0 for an account not opened yet. */
    balanceByAccount: new DataLoader<string, number>(async (accountIds) => {
      const rows = await db.query<{ id: string; balance: number }>(
        'SELECT id, balance FROM accounts WHERE id = ANY($1)',
        [accountIds],
      );
      return oneByKey(accountIds, rows, (row) => row.id).map((row) => row?.balance ?? 0);
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
    fundingSourcesByUser: new DataLoader<string, FundingSourceRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<FundingSourceRow>(
          `SELECT ${FUNDING_SOURCE_COLUMNS} FROM funding_sources WHERE user_id = ANY($1) ORDER BY added_at, id`,
          [userIds],
        ),
        (row) => row.user_id,
      ),
    ),
    fundingSourceById: new DataLoader<string, FundingSourceRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<FundingSourceRow>(
          `SELECT ${FUNDING_SOURCE_COLUMNS} FROM funding_sources WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    topUpById: new DataLoader<string, TopUpRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<TopUpRow>(`SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE id = ANY($1)`, [ids]),
        (row) => row.id,
      ),
    ),
    /** When a payment of the viewer's that stands spent each coupon, by coupon id. */
    couponSpentAt: new DataLoader<string, Date | null>(async (couponIds) =>
      viewerId === null
        ? couponIds.map(() => null)
        : oneByKey(
            couponIds,
            await db.query<{ coupon_id: string; created_at: Date }>(
              `SELECT coupon_id, created_at FROM payments
                WHERE coupon_id = ANY($1) AND payer_id = $2 AND status = 'SUCCEEDED'`,
              [couponIds, viewerId],
            ),
            (row) => row.coupon_id,
          ).map((row) => row?.created_at ?? null),
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
    programmeByMerchant: new DataLoader<string, MembershipProgrammeRow | null>(
      async (merchantIds) =>
        oneByKey(
          merchantIds,
          await db.query<MembershipProgrammeRow>(
            `SELECT ${MEMBERSHIP_PROGRAMME_COLUMNS} FROM membership_programmes WHERE merchant_id = ANY($1)`,
            [merchantIds],
          ),
          (row) => row.merchant_id,
        ),
    ),
    membershipById: new DataLoader<string, LightMembershipRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<LightMembershipRow>(
          `SELECT ${LIGHT_MEMBERSHIP_COLUMNS} FROM light_memberships WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    settlementById: new DataLoader<string, MembershipSettlementRow | null>(async (ids) =>
      oneByKey(
        ids,
        await db.query<MembershipSettlementRow>(
          `SELECT ${MEMBERSHIP_SETTLEMENT_COLUMNS} FROM membership_settlements WHERE id = ANY($1)`,
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    /**
     * Each user's settlements, newest first, with what they still owe; a
     * user's are few (one a period a membership), so all are read.
     */
    settlementsByUser: new DataLoader<string, MembershipSettlementRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<MembershipSettlementRow & { user_id: string }>(
          `SELECT ${qualifiedColumns('s', MEMBERSHIP_SETTLEMENT_COLUMNS)}, lm.user_id
             FROM membership_settlements s JOIN light_memberships lm ON lm.id = s.membership_id
            WHERE lm.user_id = ANY($1)
            ORDER BY s.settled_at DESC, s.id DESC`,
          [userIds],
        ),
        (row) => row.user_id,
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
        await db.query<MerchantRow>(
          'SELECT id, name, name_en, owner_user_id FROM merchants WHERE id = ANY($1)',
          [ids],
        ),
        (row) => row.id,
      ),
    ),
    /** Running and cancelled-this-period light memberships, by user. */
    lightMembershipsByUser: new DataLoader<string, LightMembershipRow[]>(async (userIds) =>
      manyByKey(
        userIds,
        await db.query<LightMembershipRow>(
          `SELECT ${LIGHT_MEMBERSHIP_COLUMNS}
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
              `SELECT o.merchant_id, o.merchant_tier, o.discount_percent, o.description,
                    EXISTS (
                      SELECT 1 FROM light_memberships lm
                       WHERE lm.user_id = o.user_id AND lm.merchant_id = o.merchant_id
                         AND lm.status = 'ACTIVE' AND lm.period_end > now()
                    ) AS is_member
               FROM member_offers o
              WHERE o.user_id = $1 AND o.merchant_id = ANY($2)`,
              [viewerId, merchantIds],
            ),
            (row) => row.merchant_id,
          ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
