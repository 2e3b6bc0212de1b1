/**
 * Releasing the stock of shop orders nobody paid in time. A placed order holds
 * its units until `reserved_until` (RESERVATION_MINUTES after placing); then
 * this job asks the wallet to close it unless it is paid, and puts the units
 * back, exactly once whatever fails in between:
 *
 * - each order is released in its own transaction in which its status moves
 *   conditionally, so a cancel, a second replica's job or a re-run after a
 *   crash cannot return the units twice;
 * - the wallet closes the order before the release commits: a payment racing
 *   it either got in first (the wallet says PAID, the order keeps its units
 *   for good) or is refused from then on; if the release then fails (a crash,
 *   the database), the order is still due, the wallet answers CLOSED again
 *   and the next run releases it;
 * - when the wallet cannot answer, nothing changes and the order waits for
 *   the next run: a unit held a little longer, never an order paid without
 *   its goods.
 *
 * An order never offered for payment (no payment request was ever signed)
 * cannot have been paid, so it is released without asking the wallet.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../lib/logger';
import type { SubgraphConfig } from '../kit/config';
import type { Database } from '../kit/database';
import { runEvery } from '../kit/jobs';
import { releaseAtWallet } from '../kit/wallet-closure';
import { returnStock } from './data/shopOrders';
import { shopOrderRef } from './resolvers/ShopOrder';

/** How often the marketplace looks for reservations that ran out. */
export const RELEASE_INTERVAL_MS = 30_000;

/** Orders released per transaction batch; a run goes on until none is due. */
const BATCH = 100;

/**
 * EXPIRED: released, its units back. KEPT_PAID: the wallet holds a payment for
 * it, so it keeps its units for good. WALLET_UNAVAILABLE: left for the next
 * run. CHANGED: cancelled or released by someone else meanwhile.
 */
export type ReleaseOutcome = 'EXPIRED' | 'KEPT_PAID' | 'WALLET_UNAVAILABLE' | 'CHANGED';

export interface ReleaseContext {
  config: SubgraphConfig;
  log: Logger;
}

/** Releases every order due now; answers what became of each. */
export async function releaseExpiredReservations(
  db: Database,
  context: ReleaseContext,
): Promise<Map<string, ReleaseOutcome>> {
  const outcomes = new Map<string, ReleaseOutcome>();
  const walletContext = { ...context, requestId: `reservations-${randomUUID()}` };
  let walletAnswers = true;
  for (;;) {
    const due = await db.query<{ id: string; payment_offered: boolean }>(
      `SELECT id, payment_offered FROM shop_orders
        WHERE reserved_until <= now() AND NOT (id = ANY($1))
        ORDER BY reserved_until LIMIT $2`,
      [[...outcomes.keys()], BATCH],
    );
    for (const order of due) {
      // Once the wallet fails, offered orders wait for the next run rather than each waiting on it.
      const atWallet = !order.payment_offered
        ? 'CLOSED'
        : walletAnswers
          ? await releaseAtWallet(walletContext, 'commerce', shopOrderRef(order.id))
          : null;
      if (atWallet === null) walletAnswers = false;
      outcomes.set(
        order.id,
        atWallet === null ? 'WALLET_UNAVAILABLE' : await settle(db, order.id, atWallet),
      );
    }
    if (due.length < BATCH) return outcomes;
  }
}

/**
 * The wallet is asked before the order's transaction, which then holds no lock
 * while waiting on it. Its answer cannot go stale: a due order can no longer
 * be offered for payment (offerForPayment), a closed order stays closed, and a
 * payment that stands is refunded only by a cancel, which moves the status
 * first.
 */
async function settle(
  db: Database,
  orderId: string,
  atWallet: 'CLOSED' | 'PAID',
): Promise<ReleaseOutcome> {
  return db.transaction(async (tx) => {
    if (atWallet === 'PAID') {
      const kept = await tx.query(
        `UPDATE shop_orders SET reserved_until = NULL
          WHERE id = $1 AND status = 'PLACED' RETURNING 1`,
        [orderId],
      );
      return kept.length > 0 ? 'KEPT_PAID' : 'CHANGED';
    }
    const expired = await tx.query(
      `UPDATE shop_orders SET status = 'EXPIRED', expired_at = now(), reserved_until = NULL
        WHERE id = $1 AND status = 'PLACED' AND reserved_until <= now() RETURNING 1`,
      [orderId],
    );
    if (expired.length === 0) return 'CHANGED';
    await returnStock(tx, orderId);
    return 'EXPIRED';
  });
}

/** Releases due reservations every RELEASE_INTERVAL_MS while the marketplace is up. */
export function startReservationJob(
  db: Database,
  log: Logger,
  config: SubgraphConfig,
): () => Promise<void> {
  return runEvery(
    RELEASE_INTERVAL_MS,
    async () => {
      const outcomes = await releaseExpiredReservations(db, { config, log });
      if (outcomes.size > 0) log.info(countOutcomes(outcomes), 'shop order reservations ran out');
    },
    log,
    'releasing reservations',
  );
}

function countOutcomes(outcomes: Map<string, ReleaseOutcome>): Record<ReleaseOutcome, number> {
  const counts = { EXPIRED: 0, KEPT_PAID: 0, WALLET_UNAVAILABLE: 0, CHANGED: 0 };
  for (const outcome of outcomes.values()) counts[outcome]++;
  return counts;
}
