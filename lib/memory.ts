/**
 * A service process's V8 heap, sized from the memory it may use. Left to
 * itself V8 sizes its heap from the machine's memory (2 GB and more), not the
 * container's: a busy process then grows long past its limit before it
 * collects in earnest, and is killed. Whoever starts a process (`npm start`,
 * the gateway's cluster primary, the image and its manifests) passes it the
 * flags of its budget; the process checks at start that it got them.
 */
import v8 from 'node:v8';
import { GATEWAY_PRIMARY_MEMORY_MB } from './config';
import type { Logger } from './logger';

/**
 * Half the budget for the old generation; the young one (three semi-spaces)
 * about a tenth, a semi-space being a power of two (V8 rounds it up to one)
 * up to V8's own 16 MB; the rest stays for what V8 does not count in its heap:
 * code, buffers, sockets and Node itself.
 */
export function heapSizes(budgetMb: number): { oldSpaceMb: number; semiSpaceMb: number } {
  const semiSpaceMb = 2 ** Math.floor(Math.log2(Math.max(1, budgetMb / 32)));
  return { oldSpaceMb: Math.floor(budgetMb / 2), semiSpaceMb: Math.min(16, semiSpaceMb) };
}

/** The node flags that give a process of `budgetMb` its heap. */
export function heapFlags(budgetMb: number): string[] {
  const { oldSpaceMb, semiSpaceMb } = heapSizes(budgetMb);
  return [`--max-old-space-size=${oldSpaceMb}`, `--max-semi-space-size=${semiSpaceMb}`];
}

/**
 * The flags the gateway's first process starts with: a cluster primary's, which
 * sizes its workers' heaps itself, or the whole budget's for a single process.
 */
export function gatewayHeapFlags(config: { workers: number; memoryMb: number }): string[] {
  return heapFlags(config.workers > 1 ? GATEWAY_PRIMARY_MEMORY_MB : config.memoryMb);
}

const HEAP_FLAG = /^--max-(old|semi)-space-size(=|$)/;

/** `args` without heap flags of their own, so that the budget's are the ones that count. */
export function withoutHeapFlags(args: readonly string[]): string[] {
  return args.filter((arg) => !HEAP_FLAG.test(arg));
}

/**
 * Whether this process's heap fits `budgetMb`: its limit (old generation plus
 * young) is at most what the budget's flags allow, with a little slack for
 * V8's rounding of page sizes.
 */
export function heapFitsBudget(budgetMb: number, limitBytes = currentHeapLimitBytes()): boolean {
  const { oldSpaceMb, semiSpaceMb } = heapSizes(budgetMb);
  const allowedMb = oldSpaceMb + 3 * semiSpaceMb;
  return limitBytes <= allowedMb * 1.05 * 2 ** 20;
}

export function currentHeapLimitBytes(): number {
  return v8.getHeapStatistics().heap_size_limit;
}

/**
 * Says, at start, when this process was started without the heap flags of
 * its budget: it would then grow past the budget before collecting.
 */
export function warnUnlessHeapFits(budgetMb: number, log: Logger): void {
  const limitBytes = currentHeapLimitBytes();
  if (heapFitsBudget(budgetMb, limitBytes)) return;
  log.warn(
    {
      heapLimitMb: Math.round(limitBytes / 2 ** 20),
      memoryMb: budgetMb,
      flags: heapFlags(budgetMb).join(' '),
    },
    "the V8 heap may grow past this process's memory budget: start node with these flags " +
      '(npm start, the cluster primary and the image do)',
  );
}
