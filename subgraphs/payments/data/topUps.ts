/**
 * Topping a wallet up from a bank card the user bound: the money comes from the
 * outside world (the funding account) into the wallet, one balanced ledger
 * transaction, within the limits a wallet sets on what may come in: per top-up
 * and per calendar day in Asia/Shanghai.
 */
import type { SqlClient } from '../../kit/database';
import { RefusedUntil, userError, UserErrors } from '../../kit/mutations';
import { DAY_START_SQL, NEXT_DAY_START_SQL } from '../../kit/time';
import { newId, openAccounts, postTransaction, walletAccount } from './ledger';
import type { WalletTopUpPayloadRow } from './rows';

/** One yuan: the smallest top-up. */
export const MIN_TOP_UP = 100;
/** Five thousand yuan a top-up. */
export const MAX_TOP_UP = 500_000;
/** Twenty thousand yuan a day. */
export const MAX_TOP_UPS_A_DAY = 2_000_000;

/** The funding account: the banks, the outside world that may go below zero. */
export const FUNDING_ACCOUNT = 'funding:bank';

export async function topUpWallet(
  tx: SqlClient,
  userId: string,
  fundingSourceId: string,
  amount: number,
): Promise<WalletTopUpPayloadRow> {
  if (amount < MIN_TOP_UP || amount > MAX_TOP_UP) {
    throw new UserErrors([
      userError(
        amount < MIN_TOP_UP ? 'TOP_UP_TOO_SMALL' : 'TOP_UP_TOO_LARGE',
        `A top-up is ${MIN_TOP_UP} to ${MAX_TOP_UP} fen`,
        ['input', 'amount'],
      ),
    ]);
  }
  const [source] = await tx.query('SELECT id FROM funding_sources WHERE id = $1 AND user_id = $2', [
    fundingSourceId,
    userId,
  ]);
  if (!source) {
    throw new UserErrors([
      userError('NOT_FOUND', 'No such bank card in your wallet', ['input', 'fundingSourceId']),
    ]);
  }
  await openAccounts(tx, [{ id: walletAccount(userId), kind: 'USER_WALLET', ownerId: userId }]);
  // The wallet's row first: a user's top-ups take turns, so two at once cannot both fit the day.
  await tx.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [walletAccount(userId)]);
  const [today] = await tx.query<{ total: number; tomorrow: Date }>(
    `SELECT coalesce(sum(amount), 0) AS total, ${NEXT_DAY_START_SQL} AS tomorrow
       FROM top_ups WHERE user_id = $1 AND created_at >= ${DAY_START_SQL}`,
    [userId],
  );
  if (today!.total + amount > MAX_TOP_UPS_A_DAY) {
    throw new RefusedUntil(
      [
        userError(
          'DAILY_TOP_UP_LIMIT',
          `At most ${MAX_TOP_UPS_A_DAY} fen a day come in; ${MAX_TOP_UPS_A_DAY - today!.total} more may today`,
          ['input', 'amount'],
        ),
      ],
      today!.tomorrow,
    );
  }
  const topUpId = newId('topup');
  await tx.query(
    'INSERT INTO top_ups (id, user_id, funding_source_id, amount) VALUES ($1, $2, $3, $4)',
    [topUpId, userId, fundingSourceId, amount],
  );
  await postTransaction(tx, {
    kind: 'TOP_UP',
    reference: `topup:${topUpId}`,
    postings: [
      { accountId: FUNDING_ACCOUNT, amount: -amount },
      { accountId: walletAccount(userId), amount },
    ],
  });
  return { topUpId, userErrors: [] };
}
