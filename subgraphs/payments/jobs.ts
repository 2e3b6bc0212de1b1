import type { Database } from '../kit/database';
import type { Logger } from '../../lib/logger';
import { runEvery } from '../kit/jobs';
import { settleDueMemberships } from './data/memberships';

/** How often the payments service looks for membership periods that have ended. */
export const SETTLEMENT_INTERVAL_MS = 60_000;

/**
 * Runs light-membership settlement every minute. Each run is safe alongside
 * another (another replica, or a slow previous run): a period settles once.
 */
export function startSettlementJob(db: Database, log: Logger): () => Promise<void> {
  return runEvery(
    SETTLEMENT_INTERVAL_MS,
    async () => {
      const outcomes = await settleDueMemberships(db);
      if (outcomes.length > 0) log.info({ settled: outcomes.length }, 'light memberships settled');
    },
    log,
    'light membership settlement',
  );
}
