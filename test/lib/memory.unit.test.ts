/** A process's V8 heap follows its memory budget, given the flags derived from it. */
import { execFileSync } from 'node:child_process';
import { heapFitsBudget, heapFlags, withoutHeapFlags } from '../../lib/memory';

/** The heap limit V8 sets for a node process started with `flags`. */
function heapLimitWith(flags: string[]): number {
  return Number(
    execFileSync(process.execPath, [
      ...flags,
      '-p',
      "require('node:v8').getHeapStatistics().heap_size_limit",
    ]).toString(),
  );
}

describe('heap flags of a memory budget', () => {
  it('give half the budget to the old generation and about a 32nd to each semi-space', () => {
    expect(heapFlags(256)).toEqual(['--max-old-space-size=128', '--max-semi-space-size=8']);
    expect(heapFlags(192)).toEqual(['--max-old-space-size=96', '--max-semi-space-size=4']);
    expect(heapFlags(2048)).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=16']);
  });

  it.each([192, 256, 608])('keep a process started with them within %i MB', (budgetMb) => {
    const limit = heapLimitWith(heapFlags(budgetMb));
    expect(heapFitsBudget(budgetMb, limit)).toBe(true);
    expect(limit).toBeLessThan(budgetMb * 2 ** 20);
  });

  it('find a process started without them over its budget', () => {
    expect(heapFitsBudget(256, heapLimitWith([]))).toBe(false);
    expect(heapFitsBudget(256, heapLimitWith(['--max-old-space-size=512']))).toBe(false);
  });

  it("replace a parent's heap flags rather than add to them", () => {
    expect(
      withoutHeapFlags([
        '--require',
        'tsx/cjs',
        '--max-old-space-size=4096',
        '--max-semi-space-size=64',
      ]),
    ).toEqual(['--require', 'tsx/cjs']);
  });
});
