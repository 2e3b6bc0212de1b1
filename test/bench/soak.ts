/**
 * `npm run bench:soak`: the whole graph in production configuration, every
 * process started as `npm start` starts it (the V8 heap of its memory
 * budget), under a mixed load at a fixed rate for a long while: 10 minutes,
 * SOAK_SECONDS to change it. The load is open-loop — requests leave on
 * schedule whether or not earlier ones have been answered, as real clients'
 * do — and mixes the home query of a thousand users (a quarter of the
 * requests anonymous) at hotspots and anywhere in town with check-ins at
 * stores (a mutation, 5%).
 *
 * Every SOAK_SAMPLE_SECONDS (5) it samples the resident memory of each
 * process (the gateway's primary and workers, the five subgraphs), and the
 * gateway's V8 heap from its metrics. At the end it prints each process's
 * start, peak and end RSS against its budget, the answers by kind of error,
 * and a verdict: PASS when no process went over its budget and errors stayed
 * under SOAK_MAX_ERROR_PERCENT (0.1).
 *
 *   SOAK_RATE             requests per second (20)
 *   SOAK_GATEWAY_WORKERS  gateway workers (2)
 *   SOAK_DATABASE_URL     a PostgreSQL server: the subgraphs run on a database of
 *                         the soak's own there, dropped afterwards, as in
 *                         production. Without it they run on embedded PGlite,
 *                         whose WebAssembly heap no budget of theirs covers:
 *                         their memory is then shown but not judged.
 *   SOAK_NODE_FLAGS       more node flags for every process, such as
 *                         --heapsnapshot-signal=SIGUSR2 to take heap snapshots
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { TestSignIn } from '../support/production';
import { ARRIVAL_STORES, STORE_POSITIONS } from '../support/seeded-stores';
import { loadManifest } from '../../gateway/manifest';
import { GATEWAY_PRIMARY_MEMORY_MB, SUBGRAPH_NAMES } from '../../lib/config';
import { gatewayWorkerMemoryMb, loadGatewayConfig } from '../../gateway/config';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import { gatewayHeapFlags, heapFlags } from '../../lib/memory';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { embeddedEnv, freePort } from '../support/processes';
import { parsePrometheus, valueOf } from '../support/prometheus';
import { childPids } from './stack';

const ROOT = path.resolve(__dirname, '../..');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
const MAX_ERROR_PERCENT = Number(process.env.SOAK_MAX_ERROR_PERCENT ?? 0.1);
const WORKERS = process.env.SOAK_GATEWAY_WORKERS ?? '2';
const DATABASE_SERVER = process.env.SOAK_DATABASE_URL;
const EXTRA_NODE_FLAGS = (process.env.SOAK_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** Past this many unanswered requests the next ones are not sent, and count as failures. */
const MAX_IN_FLIGHT = 512;
const REQUEST_TIMEOUT_MS = 30_000;

/** The soak's sign-in service: the gateway verifies its ES256 tokens against its JWKS file. */
const signIn = new TestSignIn();
const SECRETS = {
  HUTONG_GATEWAY_SECRET: 'soak-gateway-secret-soak-gateway-000000',
  HUTONG_FOOD_PAYMENT_SECRET: 'soak-food-payment-secret-000000000000',
  HUTONG_COMMERCE_PAYMENT_SECRET: 'soak-commerce-payment-secret-0000000',
};

const MANIFEST = [...loadManifest(PERSISTED_OPERATIONS_FILE).values()];
const idOf = (name: string) => MANIFEST.find((operation) => operation.name === name)!.id;
const HOME_ID = idOf('MiniProgramHome');
const STORE_ARRIVE_ID = idOf('StoreArrive');
const SEEDED_USERS = ['demo', 'u-lin', 'u-chen', 'u-wang', 'u-zhao'];
const USERS = [...SEEDED_USERS, ...Array.from({ length: 995 }, (_, i) => `soak-user-${i}`)];
const TOKENS = new Map(
  USERS.map((user) => [
    user,
    `Bearer ${signIn.sign(user, { app: 'hutong-demo', expiresIn: '12h' })}`,
  ]),
);

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** A seeded store, with a position at its door. */
function arrivalAtRandom() {
  const storeId = pick(ARRIVAL_STORES);
  return { storeId, at: STORE_POSITIONS[storeId] };
}
const HOTSPOTS = Array.from({ length: 36 }, (_, i) => ({
  lat: 30.235 + (i % 6) * 0.01,
  lng: 120.12 + Math.floor(i / 6) * 0.012,
}));
const anyPlace = () => ({ lat: 30.2 + Math.random() * 0.14, lng: 120.06 + Math.random() * 0.18 });

let sequence = 0;

function nextRequest(): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-app-id': 'hutong-demo',
  };
  const roll = Math.random();
  if (roll < 0.05) {
    return {
      headers: { ...headers, authorization: TOKENS.get(pick(SEEDED_USERS))! },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: STORE_ARRIVE_ID } },
        variables: {
          ...arrivalAtRandom(),
          idempotencyKey: `soak-${process.pid}-${++sequence}`,
        },
      }),
    };
  }
  if (roll >= 0.3) headers.authorization = TOKENS.get(pick(USERS))!;
  return {
    headers,
    body: JSON.stringify({
      extensions: { persistedQuery: { version: 1, sha256Hash: HOME_ID } },
      variables: Math.random() < 0.7 ? pick(HOTSPOTS) : anyPlace(),
    }),
  };
}

/** Answers by what went wrong ('ok' when nothing did), and the latency of those answered. */
class Outcomes {
  readonly byKind = new Map<string, number>();
  readonly latencies: number[] = [];
  attempted = 0;

  count(kind: string): void {
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  failed(): number {
    return [...this.byKind].filter(([kind]) => kind !== 'ok').reduce((sum, [, n]) => sum + n, 0);
  }
}

/** One kind per request: its first GraphQL error's code, or what else was wrong. */
function classify(status: number, text: string): string {
  let body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return `HTTP ${status}, not JSON`;
  }
  const code = body.errors?.[0]?.extensions?.code;
  if (status !== 200) return `HTTP ${status}${code ? ` ${code}` : ''}`;
  if (body.errors?.length) return `GraphQL error ${code ?? 'without a code'}`;
  return body.data ? 'ok' : 'HTTP 200 without data';
}

async function send(agent: Agent, url: string, outcomes: Outcomes): Promise<void> {
  const { headers, body } = nextRequest();
  const started = performance.now();
  try {
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: agent,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.body.text();
    outcomes.latencies.push(performance.now() - started);
    outcomes.count(classify(response.statusCode, text));
  } catch (error) {
    const { name, message, code } = error as Error & { code?: string };
    outcomes.count(
      name === 'TimeoutError' ? 'no answer within 30 s' : `transport ${code ?? message}`,
    );
  }
}

function start(
  name: string,
  nodeFlags: string[],
  entry: string,
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(
    process.execPath,
    [...nodeFlags, ...EXTRA_NODE_FLAGS, '--require', 'tsx/cjs', entry],
    { cwd: ROOT, env: { ...embeddedEnv(), ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
  return child;
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error(`the process on port ${port} exited`);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`port ${port} was not ready within 180 s`);
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

interface Watched {
  name: string;
  pid: number;
  /** Undefined when its memory is shown but not judged. */
  budgetMb: number | undefined;
  samples: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A database of the soak's own on the PostgreSQL server, dropped when it ends. */
async function createSoakDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hutong_soak_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const mb = (value: number | undefined) => String(Math.round(value ?? 0));

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-soak-'));
  const children: ChildProcess[] = [];
  const database = DATABASE_SERVER ? await createSoakDatabase(DATABASE_SERVER) : undefined;
  try {
    const subgraphPorts = Object.fromEntries(
      await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)),
    );
    const watched: Watched[] = [];
    const subgraphs: [string, ChildProcess][] = [];
    for (const name of SUBGRAPH_NAMES) {
      const upper = name.toUpperCase();
      const env: Record<string, string> = {
        ...SECRETS,
        NODE_ENV: 'production',
        HUTONG_SEED: 'true',
        HUTONG_HOST: '127.0.0.1',
        HUTONG_DATA_DIR: dataDir,
        HUTONG_LOG_LEVEL: 'error',
        [`HUTONG_${upper}_PORT`]: String(subgraphPorts[name]),
        [`HUTONG_${upper}_METRICS_PORT`]: '0',
        // Where food and commerce close an order at the wallet as they cancel it.
        HUTONG_PAYMENTS_URL: `http://127.0.0.1:${subgraphPorts.payments}/graphql`,
        ...(database ? { [`${upper}_DATABASE_URL`]: database.url } : {}),
      };
      const config = loadSubgraphConfig(name, env);
      const child = start(name, heapFlags(config.memoryMb), `subgraphs/${name}/index.ts`, env);
      children.push(child);
      subgraphs.push([name, child]);
      watched.push({
        name,
        pid: child.pid!,
        budgetMb: database ? config.memoryMb : undefined,
        samples: [],
      });
    }
    await Promise.all(
      subgraphs.map(([name, child]) => waitUntilReady(subgraphPorts[name]!, child)),
    );

    const gatewayPort = await freePort();
    const gatewayMetricsPort = await freePort();
    const gatewayEnv: Record<string, string> = {
      ...SECRETS,
      NODE_ENV: 'production',
      HUTONG_HOST: '127.0.0.1',
      HUTONG_GATEWAY_PORT: String(gatewayPort),
      HUTONG_JWKS_FILE: signIn.jwksFile,
      HUTONG_METRICS_PORT: String(gatewayMetricsPort),
      HUTONG_GATEWAY_WORKERS: WORKERS,
      HUTONG_LOG_LEVEL: 'error',
      // The load comes from one address and one app: the rate limits would measure themselves.
      HUTONG_RATE_APP_BURST: '100000000',
      HUTONG_RATE_APP_PER_SECOND: '100000000',
      HUTONG_RATE_USER_BURST: '100000000',
      HUTONG_RATE_USER_PER_SECOND: '100000000',
      ...Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [
          `HUTONG_${name.toUpperCase()}_URL`,
          `http://127.0.0.1:${subgraphPorts[name]}/graphql`,
        ]),
      ),
    };
    const gatewayConfig = loadGatewayConfig(gatewayEnv);
    const gateway = start(
      'gateway',
      gatewayHeapFlags(gatewayConfig),
      'gateway/index.ts',
      gatewayEnv,
    );
    children.push(gateway);
    await waitUntilReady(gatewayPort, gateway);
    const clustered = gatewayConfig.workers > 1;
    // The primary's children are its workers, and tsx's esbuild service, which is no node.
    const workers = childPids(gateway.pid!).filter((pid) => commandOf(pid).includes('node'));
    watched.unshift(
      {
        name: clustered ? 'gateway primary' : 'gateway',
        pid: gateway.pid!,
        budgetMb: clustered ? GATEWAY_PRIMARY_MEMORY_MB : gatewayConfig.memoryMb,
        samples: [],
      },
      ...(clustered ? workers : []).map((pid, i) => ({
        name: `gateway worker ${i + 1}`,
        pid,
        budgetMb: gatewayWorkerMemoryMb(gatewayConfig),
        samples: [],
      })),
    );

    const heapSamples: number[] = [];
    const sample = async () => {
      for (const process of watched) {
        const rss = rssMb(process.pid);
        if (rss !== undefined) process.samples.push(rss);
      }
      // A worker busy writing a heap snapshot does not answer: that sample has no heap figure.
      const metrics = await fetch(`http://127.0.0.1:${gatewayMetricsPort}/metrics`).then(
        (response) => (response.ok ? response.text() : undefined),
        () => undefined,
      );
      if (metrics) heapSamples.push(valueOf(metrics, 'nodejs_heap_size_used_bytes') / 2 ** 20);
    };
    await sample();
    console.error(
      `soak: ${SECONDS} s at ${RATE} req/s, sampling every ${SAMPLE_SECONDS} s, subgraphs on ` +
        `${database ? 'PostgreSQL' : 'PGlite'}; start RSS ` +
        watched.map((w) => `${w.name} ${mb(w.samples[0])}`).join(', ') +
        ' MB',
    );

    const url = `http://127.0.0.1:${gatewayPort}/graphql`;
    const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
    const outcomes = new Outcomes();
    const pending = new Set<Promise<void>>();
    const startedAt = performance.now();
    const endsAt = startedAt + SECONDS * 1000;
    let nextSample = startedAt + SAMPLE_SECONDS * 1000;
    let nextReport = startedAt + 60_000;
    while (performance.now() < endsAt) {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * RATE);
      for (; outcomes.attempted < due; outcomes.attempted++) {
        if (pending.size >= MAX_IN_FLIGHT) {
          outcomes.count(`not sent: ${MAX_IN_FLIGHT} unanswered`);
          continue;
        }
        const sent = send(agent, url, outcomes);
        pending.add(sent);
        void sent.finally(() => pending.delete(sent));
      }
      const now = performance.now();
      if (now >= nextSample) {
        nextSample += SAMPLE_SECONDS * 1000;
        await sample();
      }
      if (now >= nextReport) {
        nextReport += 60_000;
        console.error(
          `${Math.round((now - startedAt) / 1000)} s: ${outcomes.attempted} requests, ` +
            `${outcomes.failed()} failed, gateway heap ${mb(heapSamples.at(-1))} MB; RSS ` +
            watched.map((w) => `${w.name} ${mb(w.samples.at(-1))}`).join(', '),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(pending);
    await sample();
    await agent.close();

    const latencies = [...outcomes.latencies].sort((a, b) => a - b);
    console.log(
      `\nSoak: ${SECONDS} s at ${RATE} req/s, ${outcomes.attempted} requests, gateway of ` +
        `${gatewayConfig.workers} worker(s), subgraphs on ${database ? 'PostgreSQL' : 'PGlite'}; ` +
        `latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
    console.log(
      `\n${'process'.padEnd(18)} ${'start MB'.padStart(9)} ${'peak MB'.padStart(8)} ` +
        `${'end MB'.padStart(7)} ${'budget MB'.padStart(10)}  verdict`,
    );
    let overBudget = 0;
    for (const process of watched) {
      const peak = Math.max(...process.samples);
      const over = process.budgetMb !== undefined && peak > process.budgetMb;
      if (over) overBudget++;
      const verdict =
        process.budgetMb === undefined ? 'not judged (PGlite)' : over ? 'OVER' : 'within';
      console.log(
        `${process.name.padEnd(18)} ${mb(process.samples[0]).padStart(9)} ${mb(peak).padStart(8)} ` +
          `${mb(process.samples.at(-1)).padStart(7)} ${String(process.budgetMb ?? '-').padStart(10)}  ${verdict}`,
      );
    }
    console.log(
      `gateway V8 heap used (all workers): start ${mb(heapSamples[0])} MB, ` +
        `peak ${mb(Math.max(...heapSamples))} MB, end ${mb(heapSamples.at(-1))} MB`,
    );
    console.log('\nanswers by kind:');
    for (const [kind, count] of [...outcomes.byKind].sort((a, b) => b[1] - a[1]))
      console.log(`  ${kind.padEnd(44)} ${count}`);
    // Why the gateway's subgraph fetches failed, as its metrics tell it.
    const metrics = await fetch(`http://127.0.0.1:${gatewayMetricsPort}/metrics`).then(
      (response) => (response.ok ? response.text() : ''),
      () => '',
    );
    const fetchErrors = parsePrometheus(metrics).filter(
      (sample) => sample.name === 'hutong_gateway_subgraph_fetch_errors_total' && sample.value > 0,
    );
    if (fetchErrors.length > 0) {
      console.log('\nfailed subgraph fetches (gateway metrics):');
      for (const { labels, value } of fetchErrors)
        console.log(`  ${`${labels.subgraph} ${labels.reason}`.padEnd(44)} ${value}`);
    }
    const errorPercent = (100 * outcomes.failed()) / Math.max(1, outcomes.attempted);
    const pass = overBudget === 0 && errorPercent <= MAX_ERROR_PERCENT;
    console.log(
      `\nverdict: ${pass ? 'PASS' : 'FAIL'} (${overBudget} process(es) over budget, ` +
        `${errorPercent.toFixed(3)}% of requests failed, at most ${MAX_ERROR_PERCENT}% allowed)`,
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    const exits = children.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
        ),
    );
    for (const child of children) child.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 30_000))]);
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
