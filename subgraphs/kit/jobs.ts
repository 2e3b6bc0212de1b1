import type { Logger } from '../../lib/logger';

/**
 * Runs `work` now and then every `intervalMs` while the service is up; a run
 * never overlaps the previous one in this process (another replica's may run
 * alongside, so `work` must be safe with that). Answers how to stop it, which
 * waits for the run in progress.
 */
export function runEvery(
  intervalMs: number,
  work: () => Promise<void>,
  log: Logger,
  what: string,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = work()
      .catch((error: unknown) => log.error({ err: error }, `${what} failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, intervalMs);
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
