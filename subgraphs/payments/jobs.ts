import type { Database } from '../kit/database';
import type { Logger } from '../../lib/logger';
import { settleDueMemberships } from './data/memberships';

/** How often the payments service looks for membership periods that have ended. */
export const SETTLEMENT_INTERVAL_MS = 60_000;

/**
 * Runs light-membership settlement every minute. Each run is safe alongside
 * another (another replica, or a slow previous run): a period settles once.
 */
export function startSettlementJob(db: Database, log: Logger): () => Promise<void> {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = settleDueMemberships(db)
      .then((outcomes) => {
        if (outcomes.length > 0)
          log.info({ settled: outcomes.length }, 'light memberships settled');
      })
      .catch((error: unknown) => log.error({ err: error }, 'light membership settlement failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, SETTLEMENT_INTERVAL_MS);
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
