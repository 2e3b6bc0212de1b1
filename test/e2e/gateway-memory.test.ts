/**
 * The gateway's processes get the V8 heap of their memory budget: a cluster
 * primary forks its workers with the flags of their share of HUTONG_MEMORY_MB,
 * and a single process started without its flags says so as it starts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { heapFlags } from '../../lib/memory';
import { embeddedEnv, freePort } from '../support/processes';
import { waitFor } from '../support/steady-load';

const ROOT = path.resolve(__dirname, '../..');
const HEAP_WARNING = 'the V8 heap may grow past';

interface Gateway {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

async function startGateway(nodeFlags: string[], env: Record<string, string>): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--require', 'tsx/cjs', 'gateway/index.ts'],
    {
      cwd: ROOT,
      env: {
        ...embeddedEnv(),
        NODE_ENV: 'development',
        HUTONG_LOG_LEVEL: 'warn',
        HUTONG_HOST: '127.0.0.1',
        HUTONG_GATEWAY_PORT: String(port),
        ...Object.fromEntries(
          SUBGRAPH_NAMES.map((name) => [`HUTONG_${name.toUpperCase()}_URL`, 'http://127.0.0.1:9/']),
        ),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(
    async () =>
      child.exitCode !== null ||
      (await fetch(`http://127.0.0.1:${port}/ready`).then(
        (response) => response.ok,
        () => false,
      )),
    'the gateway to be ready',
    90_000,
  );
  if (child.exitCode !== null) throw new Error(`the gateway exited:\n${output}`);
  return {
    child,
    output: () => output,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function nodeChildren(pid: number): number[] {
  const pids = execFileSync('pgrep', ['-P', String(pid)])
    .toString()
    .trim()
    .split('\n');
  return pids
    .map(Number)
    .filter((child) =>
      fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('gateway/index.ts'),
    );
}

describe("the gateway's heap", () => {
  it('is sized for each worker from its share of the memory budget', async () => {
    // Two workers of 256 MB each once the primary's 96 are set aside.
    const gateway = await startGateway([], {
      HUTONG_GATEWAY_WORKERS: '2',
      HUTONG_MEMORY_MB: '608',
    });
    try {
      const workers = nodeChildren(gateway.child.pid!);
      expect(workers).toHaveLength(2);
      for (const worker of workers) {
        const args = fs.readFileSync(`/proc/${worker}/cmdline`, 'utf8').split('\0');
        expect(args.filter((arg) => arg.startsWith('--max-'))).toEqual(heapFlags(256));
      }
      expect(gateway.output()).not.toContain(HEAP_WARNING);
    } finally {
      await gateway.stop();
    }
  }, 120_000);

  it.each([
    ['without its flags warns', [], true],
    ['with them does not', heapFlags(256), false],
  ])(
    'of a single process started %s',
    async (_how, flags, warns) => {
      const gateway = await startGateway(flags, { HUTONG_GATEWAY_WORKERS: '1' });
      try {
        expect(gateway.output().includes(HEAP_WARNING)).toBe(warns);
      } finally {
        await gateway.stop();
      }
    },
    120_000,
  );
});
