import type { Database, SqlClient } from '../../kit/database';
import { isUniqueViolation, qualifiedColumns } from '../../kit/database';
import { RefusedUntil, userError, UserErrors } from '../../kit/mutations';
import type { WalletTier } from '../__generated__/enums';
import { cancellationCharge, settlementCharge } from '../settlement';
import {
  InsufficientFunds,
  merchantAccount,
  newId,
  openAccounts,
  postTransaction,
  walletAccount,
} from './ledger';
import {
  LIGHT_MEMBERSHIP_COLUMNS,
  type LightMembershipPayloadRow,
  type LightMembershipRow,
  MEMBERSHIP_SETTLEMENT_COLUMNS,
  type MembershipSettlementPayPayloadRow,
  type MembershipSettlementRow,
  type MerchantTierMappingSetPayloadRow,
} from './rows';

/**
 * Joins a programme with nothing paid up front, if the user's credit score
 * clears it, the user owes no earlier settlement, and no membership of theirs
 * at this merchant was cancelled in a period that is still running.
 */
export async function joinMembership(
  tx: SqlClient,
  userId: string,
  merchantId: string,
): Promise<LightMembershipPayloadRow> {
  const [programme] = await tx.query<{
    fee: number;
    period_days: number;
    min_credit_score: number;
  }>(
    'SELECT fee, period_days, min_credit_score FROM membership_programmes WHERE merchant_id = $1',
    [merchantId],
  );
  if (!programme) {
    throw new UserErrors([
      userError('NO_PROGRAMME', 'This merchant runs no light membership', ['merchantId']),
    ]);
  }
  const [owed] = await tx.query<{ total: number }>(
    `SELECT COALESCE(sum(s.charged), 0) AS total
       FROM membership_settlements s JOIN light_memberships lm ON lm.id = s.membership_id
      WHERE lm.user_id = $1 AND s.status = 'OUTSTANDING'`,
    [userId],
  );
  if (owed && owed.total > 0) {
    throw new UserErrors([
      userError(
        'OUTSTANDING_CHARGE',
        `You owe ${owed.total} fen from an earlier light membership; pay it (membershipSettlementPay) before joining another`,
      ),
    ]);
  }
  const [cancelled] = await tx.query<{ rejoin_after: Date | null }>(
    `SELECT max(rejoin_after) AS rejoin_after FROM light_memberships
      WHERE user_id = $1 AND merchant_id = $2 AND status = 'CANCELLED' AND rejoin_after > now()`,
    [userId, merchantId],
  );
  if (cancelled?.rejoin_after) {
    throw new RefusedUntil(
      [
        userError(
          'REJOIN_TOO_SOON',
          `You cancelled this membership in a period that runs until ${cancelled.rejoin_after.toISOString()}; join again from then`,
          ['merchantId'],
        ),
      ],
      cancelled.rejoin_after,
    );
  }
  const [credit] = await tx.query<{ score: number }>(
    'SELECT score FROM credit_scores WHERE user_id = $1',
    [userId],
  );
  if (!credit || credit.score < programme.min_credit_score) {
    throw new UserErrors([
      userError(
        'NOT_ELIGIBLE',
        'Your wallet credit score does not yet qualify for this membership',
      ),
    ]);
  }
  const id = newId('lm');
  try {
    await tx.query(
      `INSERT INTO light_memberships (id, user_id, merchant_id, status, fee, period_start, period_end)
       VALUES ($1, $2, $3, 'ACTIVE', $4, now(), now() + make_interval(days => $5))`,
      [id, userId, merchantId, programme.fee, programme.period_days],
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UserErrors([userError('ALREADY_MEMBER', 'You already hold this membership')]);
    }
    throw error;
  }
  return { membershipId: id, userErrors: [] };
}

interface SettlementOutcome {
  settlementId: string;
  charged: number;
  status: 'CHARGED' | 'OUTSTANDING';
}

/**
 * Records the settlement of one period and takes the charge from the wallet.
 * The unique (membership, period start) row is inserted first: a second run
 * for the same period finds it and does nothing, so a period settles once.
 * Returns null when the period was already settled.
 */
async function settlePeriod(
  tx: SqlClient,
  membership: LightMembershipRow,
  periodEnd: Date,
  charge: number,
): Promise<SettlementOutcome | null> {
  const [wallet] = await tx.query<{ balance: number }>(
    'SELECT balance FROM accounts WHERE id = $1 FOR UPDATE',
    [walletAccount(membership.user_id)],
  );
  const status = charge === 0 || (wallet?.balance ?? 0) >= charge ? 'CHARGED' : 'OUTSTANDING';
  const settlementId = newId('ms');
  const inserted = await tx.query(
    `INSERT INTO membership_settlements
       (id, membership_id, period_start, period_end, benefits_enjoyed, charged, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (membership_id, period_start) DO NOTHING
     RETURNING id`,
    [
      settlementId,
      membership.id,
      membership.period_start,
      periodEnd,
      membership.benefits_enjoyed,
      charge,
      status,
    ],
  );
  if (inserted.length === 0) return null;
  if (status === 'CHARGED' && charge > 0) {
    await postSettlementCharge(tx, {
      membershipId: membership.id,
      userId: membership.user_id,
      merchantId: membership.merchant_id,
      periodStart: membership.period_start,
      charge,
    });
  }
  return { settlementId, charged: charge, status };
}

/**
 * Moves a period's charge from the member's wallet to the merchant, whether
 * taken when the period settles or paid later: one ledger reference per period.
 * Throws InsufficientFunds when the wallet cannot cover it.
 */
async function postSettlementCharge(
  tx: SqlClient,
  period: {
    membershipId: string;
    userId: string;
    merchantId: string;
    periodStart: Date;
    charge: number;
  },
): Promise<void> {
  await openAccounts(tx, [
    { id: merchantAccount(period.merchantId), kind: 'MERCHANT', ownerId: period.merchantId },
  ]);
  await postTransaction(tx, {
    kind: 'MEMBERSHIP_SETTLEMENT',
    reference: `membership:${period.membershipId}:${period.periodStart.toISOString()}`,
    postings: [
      { accountId: walletAccount(period.userId), amount: -period.charge },
      { accountId: merchantAccount(period.merchantId), amount: period.charge },
    ],
  });
}

/** Cancels a running membership and settles it at once against the pro rata fee. */
export async function cancelMembership(
  tx: SqlClient,
  userId: string,
  membershipId: string,
): Promise<LightMembershipPayloadRow> {
  const [membership] = await tx.query<LightMembershipRow>(
    `SELECT ${LIGHT_MEMBERSHIP_COLUMNS} FROM light_memberships WHERE id = $1 AND user_id = $2 FOR UPDATE`,
    [membershipId, userId],
  );
  if (!membership) {
    throw new UserErrors([userError('NOT_FOUND', 'No such membership of yours', ['membershipId'])]);
  }
  if (membership.status !== 'ACTIVE') {
    throw new UserErrors([userError('NOT_ACTIVE', 'This membership has already ended')]);
  }
  const [{ now }] = (await tx.query<{ now: Date }>('SELECT now() AS now')) as [{ now: Date }];
  const charge = cancellationCharge(
    {
      fee: membership.fee,
      periodStart: membership.period_start,
      periodEnd: membership.period_end,
      benefitsEnjoyed: membership.benefits_enjoyed,
    },
    now,
  );
  const outcome = await settlePeriod(tx, membership, now, charge);
  await tx.query(
    `UPDATE light_memberships
        SET status = 'CANCELLED', rejoin_after = period_end,
            period_end = GREATEST(period_start + interval '1 second', $2)
      WHERE id = $1`,
    [membership.id, now],
  );
  return {
    membershipId: membership.id,
    settlementId: outcome?.settlementId ?? null,
    userErrors: [],
  };
}

/**
 * Pays a settlement the wallet could not cover when it was made, in full,
 * once: the settlement's row lock makes a second payment wait and find it paid.
 */
export async function payOutstandingSettlement(
  tx: SqlClient,
  userId: string,
  settlementId: string,
): Promise<MembershipSettlementPayPayloadRow> {
  const [settlement] = await tx.query<MembershipSettlementRow & { merchant_id: string }>(
    `SELECT ${qualifiedColumns('s', MEMBERSHIP_SETTLEMENT_COLUMNS)}, lm.merchant_id
       FROM membership_settlements s JOIN light_memberships lm ON lm.id = s.membership_id
      WHERE s.id = $1 AND lm.user_id = $2
        FOR UPDATE OF s`,
    [settlementId, userId],
  );
  if (!settlement) {
    throw new UserErrors([userError('NOT_FOUND', 'No such settlement of yours', ['settlementId'])]);
  }
  if (settlement.status !== 'OUTSTANDING') {
    throw new UserErrors([userError('ALREADY_PAID', 'This settlement owes nothing')]);
  }
  try {
    await postSettlementCharge(tx, {
      membershipId: settlement.membership_id,
      userId,
      merchantId: settlement.merchant_id,
      periodStart: settlement.period_start,
      charge: settlement.charged,
    });
  } catch (error) {
    if (error instanceof InsufficientFunds) {
      throw new UserErrors([
        userError(
          'INSUFFICIENT_BALANCE',
          `The wallet balance does not cover ${settlement.charged} fen`,
        ),
      ]);
    }
    throw error;
  }
  await tx.query(
    "UPDATE membership_settlements SET status = 'CHARGED', paid_at = now() WHERE id = $1",
    [settlement.id],
  );
  return { settlementId: settlement.id, userErrors: [] };
}

/**
 * Settles one membership whose period has ended, then starts its next period
 * (or ends it when the wallet could not pay). Safe to run twice or at once:
 * the row lock and the settlement's unique key let exactly one run charge.
 */
export async function settleMembership(
  db: Database,
  membershipId: string,
): Promise<SettlementOutcome | null> {
  return db.transaction(async (tx) => {
    const [membership] = await tx.query<LightMembershipRow>(
      `SELECT ${LIGHT_MEMBERSHIP_COLUMNS} FROM light_memberships
        WHERE id = $1 AND status = 'ACTIVE' AND period_end <= now()
        FOR UPDATE`,
      [membershipId],
    );
    if (!membership) return null;
    const charge = settlementCharge(membership.fee, membership.benefits_enjoyed);
    const outcome = await settlePeriod(tx, membership, membership.period_end, charge);
    if (!outcome) return null;
    if (outcome.status === 'CHARGED') {
      await tx.query(
        `UPDATE light_memberships
            SET period_start = period_end,
                period_end = period_end + (period_end - period_start),
                benefits_enjoyed = 0
          WHERE id = $1`,
        [membership.id],
      );
    } else {
      await tx.query("UPDATE light_memberships SET status = 'CANCELLED' WHERE id = $1", [
        membership.id,
      ]);
    }
    return outcome;
  });
}

/** The settlement job: every membership whose period has ended, one transaction each. */
export async function settleDueMemberships(db: Database): Promise<SettlementOutcome[]> {
  const outcomes: SettlementOutcome[] = [];
  // A membership left unsettled for several periods catches up one period per pass.
  for (let pass = 0; pass < MAX_PERIODS_PER_RUN; pass++) {
    const due = await db.query<{ id: string }>(
      "SELECT id FROM light_memberships WHERE status = 'ACTIVE' AND period_end <= now() ORDER BY period_end, id",
    );
    if (due.length === 0) break;
    let settled = 0;
    for (const { id } of due) {
      const outcome = await settleMembership(db, id);
      if (outcome) {
        outcomes.push(outcome);
        settled++;
      }
    }
    if (settled === 0) break;
  }
  return outcomes;
}

const MAX_PERIODS_PER_RUN = 24;

export interface TierMapping {
  merchantId: string;
  walletTier: WalletTier;
  merchantTier: string;
  discountPercent: number;
  description: string;
}

/** Maps a wallet tier onto the merchant's own, if the user owns the merchant. */
export async function setTierMapping(
  tx: SqlClient,
  userId: string,
  mapping: TierMapping,
): Promise<MerchantTierMappingSetPayloadRow> {
  const [merchant] = await tx.query<{ owner_user_id: string | null }>(
    'SELECT owner_user_id FROM merchants WHERE id = $1',
    [mapping.merchantId],
  );
  if (!merchant || merchant.owner_user_id !== userId) {
    throw new UserErrors([
      userError('FORBIDDEN', "Only the merchant's owner may map its tiers", ['merchantId']),
    ]);
  }
  await tx.query(
    `INSERT INTO member_tier_mappings (merchant_id, wallet_tier, merchant_tier, discount_percent, description)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (merchant_id, wallet_tier) DO UPDATE
       SET merchant_tier = EXCLUDED.merchant_tier,
           discount_percent = EXCLUDED.discount_percent,
           description = EXCLUDED.description`,
    [
      mapping.merchantId,
      mapping.walletTier,
      mapping.merchantTier,
      mapping.discountPercent,
      mapping.description,
    ],
  );
  return { merchantId: mapping.merchantId, userErrors: [] };
}
