/**
 * What the gateway benches start and watch: the seeded subgraphs, Hutong's
 * gateway and the plain one, each its own process, and the readings taken of
 * a process from /proc (its resident memory, its CPU time).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { ALL_SCOPES } from '../../lib/identity';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { embeddedEnv, freePort } from '../support/processes';
import { TestSignIn } from '../support/production';

export const ROOT = path.resolve(__dirname, '../..');

/** The bench's sign-in service: its JWKS file is what the gateways verify tokens against. */
export const signIn = new TestSignIn();
export const GATEWAY_SECRET = 'bench-gateway-secret-bench-gateway-00';
export const SECRETS = {
  HUTONG_GATEWAY_SECRET: GATEWAY_SECRET,
  HUTONG_FOOD_PAYMENT_SECRET: 'bench-food-payment-secret-0000000000',
  HUTONG_COMMERCE_PAYMENT_SECRET: 'bench-commerce-payment-secret-00000',
  HUTONG_VISIT_PROOF_SECRET: 'bench-visit-proof-secret-00000000000',
  HUTONG_COUPON_SECRET: 'bench-coupon-secret-0000000000000000',
};

/** A token of the demo app granting every scope, ES256 as the sign-in service issues them. */
export function benchToken(user: string): string {
  return signIn.sign(user, { app: 'hutong-demo', scopes: ALL_SCOPES, expiresIn: '12h' });
}

/** With BENCH_CPU_PROF set to a folder, every process writes a V8 CPU profile there when it stops. */
export const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;

export function start(args: string[], env: Record<string, string>): ChildProcess {
  const profile = CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, '--require', 'tsx/cjs', ...args], {
    cwd: ROOT,
    env: { ...embeddedEnv(), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // no children
  }
}

/** Resident memory of the largest of a process and its children (cluster workers), in MB. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of [pid, ...childPids(pid)]) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      kb = Math.max(kb, Number(match?.[1] ?? 0));
    } catch {
      // exited
    }
  }
  return kb / 1024;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** CPU time a process and its children (cluster workers) have spent, user and system, in ms. */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...childPids(pid)]) {
    try {
      // The command name, in parentheses, may hold spaces: fields are counted after it.
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited
    }
  }
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1000;
}

export interface SeededSubgraphs {
  children: Record<string, ChildProcess>;
  /** Each subgraph's GraphQL URL. */
  urls: Record<string, string>;
  /** Each subgraph's metrics port. */
  metricsPorts: Record<string, number>;
}

/** The five subgraphs in production configuration over seeded embedded databases in `dataDir`. */
export async function startSeededSubgraphs(dataDir: string): Promise<SeededSubgraphs> {
  const ports = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()])),
  );
  const metricsPorts = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()])),
  );
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, `http://127.0.0.1:${ports[n]}/graphql`]),
  );
  const children: Record<string, ChildProcess> = {};
  for (const name of SUBGRAPH_NAMES) {
    children[name] = start([`subgraphs/${name}/index.ts`], {
      ...SECRETS,
      NODE_ENV: 'production',
      HUTONG_SEED: 'true',
      HUTONG_HOST: '127.0.0.1',
      HUTONG_DATA_DIR: dataDir,
      HUTONG_LOG_LEVEL: 'error',
      [`HUTONG_${name.toUpperCase()}_PORT`]: String(ports[name]),
      [`HUTONG_${name.toUpperCase()}_METRICS_PORT`]: String(metricsPorts[name]),
      // Where food and commerce close an order at the wallet as they cancel it.
      HUTONG_PAYMENTS_URL: `http://127.0.0.1:${ports.payments}/graphql`,
    });
  }
  for (const name of SUBGRAPH_NAMES) {
    const healthy = () =>
      fetch(`http://127.0.0.1:${ports[name]}/health`).then(
        (r) => r.ok,
        () => false,
      );
    let tries = 0;
    while (!(await healthy())) {
      if (++tries === 600 || children[name]!.exitCode !== null)
        throw new Error(`the ${name} subgraph did not come up`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { children, urls, metricsPorts };
}

/** Hutong's gateway in production configuration over `urls`, with `settings` on top. */
export function startHutongGateway(
  port: number,
  urls: Record<string, string>,
  settings: Record<string, string>,
): ChildProcess {
  return start(['gateway/index.ts'], {
    ...SECRETS,
    NODE_ENV: 'production',
    HUTONG_HOST: '127.0.0.1',
    HUTONG_GATEWAY_PORT: String(port),
    HUTONG_JWKS_FILE: signIn.jwksFile,
    // Each gateway's metrics listener on a port of its own; the benches read the subgraphs' only.
    HUTONG_METRICS_PORT: '0',
    HUTONG_LOG_LEVEL: 'error',
    HUTONG_RATE_APP_BURST: '100000000',
    HUTONG_RATE_APP_PER_SECOND: '100000000',
    HUTONG_RATE_USER_BURST: '100000000',
    HUTONG_RATE_USER_PER_SECOND: '100000000',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`HUTONG_${n.toUpperCase()}_URL`, urls[n]!])),
    ...settings,
  });
}

/** The baseline: test/bench/plain-gateway.ts over `urls`, answering at `/`. */
export function startPlainGateway(port: number, urls: Record<string, string>): ChildProcess {
  return start(
    [
      'test/bench/plain-gateway.ts',
      SUPERGRAPH_FILE,
      String(port),
      signIn.publicKeyPem(),
      GATEWAY_SECRET,
      JSON.stringify(urls),
    ],
    { APOLLO_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' },
  );
}

/** Says, in CPU_PROFILE_DIR, whose each profile is: profiles are named by process id. */
export function nameProfiles(processes: Record<string, ChildProcess>): void {
  if (!CPU_PROFILE_DIR) return;
  const names: Record<number, string> = {};
  for (const [name, child] of Object.entries(processes)) {
    names[child.pid!] = name;
    for (const worker of childPids(child.pid!)) names[worker] = `${name} worker`;
  }
  fs.mkdirSync(CPU_PROFILE_DIR, { recursive: true });
  fs.writeFileSync(path.join(CPU_PROFILE_DIR, 'processes.json'), JSON.stringify(names, null, 2));
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
