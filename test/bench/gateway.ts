/**
 * `npm run bench`: the home query through three gateways over the same
 * subgraphs, measured side by side in one run, rounds interleaved so that the
 * machine's drift touches all three alike:
 *
 *   (a) plain   @apollo/server + @apollo/gateway with their defaults;
 *   (b) hutong  Hutong's gateway in production configuration, caches off;
 *   (c) cached  Hutong's gateway with its caches, on a realistic mix.
 *
 * (a) and (b) get requests that vary (many users, a new point each time) so
 * that no cache entry or in-flight collapse carries the figure; (c) gets many
 * users, a few dozen locations and 10% writes. Prints req/s, p50/p99 latency
 * and peak gateway RSS with ratios to (a), then p99 at a fixed rate (a)
 * sustains, and writes everything to test/bench/results/.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ARRIVAL_STORES, STORE_POSITIONS } from '../support/seeded-stores';
import { loadManifest } from '../../gateway/manifest';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { freePort } from '../support/processes';
import { valueOf } from '../support/prometheus';
import {
  benchToken,
  median,
  nameProfiles,
  ROOT,
  rssMb,
  startHutongGateway,
  startPlainGateway,
  startSeededSubgraphs,
  waitFor,
} from './stack';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const HOME_TEXT = fs.readFileSync(
  path.join(ROOT, 'schema/operations/home/MiniProgramHome.graphql'),
  'utf8',
);
const MANIFEST = [...loadManifest(PERSISTED_OPERATIONS_FILE).values()];
const HOME_ID = MANIFEST.find((o) => o.name === 'MiniProgramHome')!.id;
const STORE_ARRIVE_ID = MANIFEST.find((o) => o.name === 'StoreArrive')!.id;

const SEEDED_USERS = ['demo', 'u-lin', 'u-chen', 'u-wang', 'u-zhao'];
const USERS = [...SEEDED_USERS, ...Array.from({ length: 195 }, (_, i) => `bench-user-${i}`)];
const TOKENS = USERS.map((user) => `Bearer ${benchToken(user)}`);

/** A few dozen places people open the app from, around West Lake. */
const HOTSPOTS = Array.from({ length: 36 }, (_, i) => ({
  lat: 30.235 + (i % 6) * 0.01,
  lng: 120.12 + Math.floor(i / 6) * 0.012,
}));

let sequence = 0;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** A seeded store, with a position at its door. */
function arrivalAtRandom() {
  const storeId = pick(ARRIVAL_STORES);
  return { storeId, at: STORE_POSITIONS[storeId] };
}
const anyPoint = () => ({ lat: 30.2 + Math.random() * 0.14, lng: 120.06 + Math.random() * 0.18 });

/** What a variant serves: varied home queries, or the realistic mix with writes. */
type Load = 'plain' | 'varied' | 'mix';

interface VariantSpec {
  load: Load;
  /** Gateway settings on top of production's; none for the plain gateway. */
  env?: Record<string, string>;
}

const UNCACHED = { HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false', HUTONG_CACHE_RESPONSES: 'false' };

/** The three gateways the targets compare. */
const MAIN_VARIANTS = {
  plain: { load: 'plain' },
  hutong: { load: 'varied', env: UNCACHED },
  cached: { load: 'mix', env: {} },
} satisfies Record<string, VariantSpec>;

/**
 * With BENCH_LEVERS=1, each lever on its own beside them: one gateway
 * process instead of all cores, no collapsing of in-flight fetches, the mix
 * without caches, and each cache alone.
 */
const LEVER_VARIANTS = {
  'hutong-1-process': { load: 'varied', env: { ...UNCACHED, HUTONG_GATEWAY_WORKERS: '1' } },
  'hutong-no-collapse': { load: 'varied', env: { ...UNCACHED, HUTONG_COLLAPSE_FETCHES: 'false' } },
  'mix-uncached': { load: 'mix', env: UNCACHED },
  'mix-entity+fetch-cache': { load: 'mix', env: { HUTONG_CACHE_RESPONSES: 'false' } },
  'mix-response-cache': { load: 'mix', env: { HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false' } },
  'cached-1-process': { load: 'mix', env: { HUTONG_GATEWAY_WORKERS: '1' } },
  'hutong-cold-plans': { load: 'varied', env: { ...UNCACHED, HUTONG_WARM_PLANS: 'false' } },
} satisfies Record<string, VariantSpec>;

const VARIANTS: Record<string, VariantSpec> =
  process.env.BENCH_LEVERS === '1' ? { ...MAIN_VARIANTS, ...LEVER_VARIANTS } : MAIN_VARIANTS;
type Variant = string;

function requestFor(load: Load): { headers: Record<string, string>; body: string } {
  const headers = {
    'content-type': 'application/json',
    authorization: pick(TOKENS),
    'x-app-id': 'hutong-demo',
  };
  if (load === 'plain') {
    return { headers, body: JSON.stringify({ query: HOME_TEXT, variables: anyPoint() }) };
  }
  const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: HOME_ID } } };
  if (load === 'varied')
    return { headers, body: JSON.stringify({ ...persisted, variables: anyPoint() }) };
  if (Math.random() < 0.1) {
    // A write: checking in at a store (maps issues an arrival coupon), a persisted operation too.
    return {
      headers: {
        ...headers,
        authorization: `Bearer ${benchToken(pick(SEEDED_USERS))}`,
      },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: STORE_ARRIVE_ID } },
        variables: {
          ...arrivalAtRandom(),
          idempotencyKey: `bench-arrive-${process.pid}-${++sequence}`,
        },
      }),
    };
  }
  return { headers, body: JSON.stringify({ ...persisted, variables: pick(HOTSPOTS) }) };
}

interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  /** Requests that reached each subgraph, per request the gateway answered. */
  subgraphRequestsPerRequest: Record<string, number>;
}

/** Requests each subgraph has served, from its own /metrics (at its metrics port). */
async function subgraphRequests(ports: Record<string, number>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, port] of Object.entries(ports)) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
    counts[name] = valueOf(text, 'hutong_subgraph_requests_total');
  }
  return counts;
}

async function measure(
  variant: Variant,
  url: string,
  pid: number,
  subgraphPorts: Record<string, number>,
  overallRate?: number,
): Promise<Measurement> {
  const before = await subgraphRequests(subgraphPorts);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: 'POST',
          ...requestFor(VARIANTS[variant]!.load),
        }),
      },
    ],
  });
  clearInterval(sampler);
  const after = await subgraphRequests(subgraphPorts);
  const answered = Math.max(1, result.requests.total);
  return {
    subgraphRequestsPerRequest: Object.fromEntries(
      Object.keys(after).map((name) => [
        name,
        Math.round(((after[name]! - before[name]!) / answered) * 100) / 100,
      ]),
    ),
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMb: Math.round(Math.max(peak, rssMb(pid))),
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-'));
  const children: ChildProcess[] = [];
  const processNames: Record<string, ChildProcess> = {};
  try {
    const subgraphs = await startSeededSubgraphs(dataDir);
    const { urls, metricsPorts } = subgraphs;
    children.push(...Object.values(subgraphs.children));
    Object.assign(processNames, subgraphs.children);

    const variants: Variant[] = Object.keys(VARIANTS);
    const gatewayPorts: Record<Variant, number> = {};
    const gateways: Record<Variant, ChildProcess> = {};
    for (const variant of variants) {
      const port = (gatewayPorts[variant] = await freePort());
      const settings = VARIANTS[variant]!.env;
      gateways[variant] = settings
        ? startHutongGateway(port, urls, settings)
        : startPlainGateway(port, urls);
    }
    children.push(...Object.values(gateways));
    Object.assign(processNames, gateways);
    const url = (variant: Variant) =>
      VARIANTS[variant]!.env
        ? `http://127.0.0.1:${gatewayPorts[variant]}/graphql`
        : `http://127.0.0.1:${gatewayPorts[variant]}/`;
    for (const variant of variants) await waitFor(url(variant));

    // The first home query each gateway answers: planned at start (warm) or on arrival (cold).
    const firstRequestMs: Record<Variant, number> = {};
    for (const variant of variants) {
      const started = performance.now();
      const request = requestFor(VARIANTS[variant]!.load === 'plain' ? 'plain' : 'varied');
      await fetch(url(variant), { method: 'POST', ...request });
      firstRequestMs[variant] = Math.round(performance.now() - started);
    }

    const rounds: Record<Variant, Measurement[]> = Object.fromEntries(
      variants.map((variant) => [variant, []]),
    );
    for (const variant of variants)
      await measure(variant, url(variant), gateways[variant]!.pid!, metricsPorts); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) {
        const m = await measure(variant, url(variant), gateways[variant]!.pid!, metricsPorts);
        rounds[variant]!.push(m);
        console.error(
          `round ${round + 1} ${variant}: ${m.requestsPerSecond.toFixed(0)} req/s, p99 ${m.p99} ms, errors ${m.errors + m.non2xx}`,
        );
      }
    }

    const summary = Object.fromEntries(
      variants.map((v) => [
        v,
        {
          requestsPerSecond: median(rounds[v]!.map((m) => m.requestsPerSecond)),
          minMax: [
            Math.min(...rounds[v]!.map((m) => m.requestsPerSecond)),
            Math.max(...rounds[v]!.map((m) => m.requestsPerSecond)),
          ],
          p50: median(rounds[v]!.map((m) => m.p50)),
          p99: median(rounds[v]!.map((m) => m.p99)),
          peakRssMb: Math.max(...rounds[v]!.map((m) => m.peakRssMb)),
          failed: rounds[v]!.reduce((sum, m) => sum + m.errors + m.non2xx, 0),
          subgraphRequestsPerRequest: rounds[v]!.at(-1)!.subgraphRequestsPerRequest,
        },
      ]),
    ) as Record<
      Variant,
      {
        requestsPerSecond: number;
        minMax: number[];
        p50: number;
        p99: number;
        peakRssMb: number;
        failed: number;
        subgraphRequestsPerRequest: Record<string, number>;
      }
    >;

    const fixedRate = Math.max(1, Math.floor(summary.plain!.requestsPerSecond * 0.7));
    const atRate = {
      plain: await measure('plain', url('plain'), gateways.plain!.pid!, metricsPorts, fixedRate),
      hutong: await measure(
        'hutong',
        url('hutong'),
        gateways.hutong!.pid!,
        metricsPorts,
        fixedRate,
      ),
    };

    const base = summary.plain!.requestsPerSecond;
    console.log(
      `\nHome query, ${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections (medians):`,
    );
    console.log(
      `${'variant'.padEnd(24)}  req/s  (min-max)        p50 ms  p99 ms  peak RSS MB  failed  ratio`,
    );
    for (const v of variants) {
      const s = summary[v]!;
      console.log(
        `${v.padEnd(24)} ${s.requestsPerSecond.toFixed(0).padStart(6)}  (${s.minMax.map((x) => x.toFixed(0)).join('-')})`.padEnd(
          50,
        ) +
          `${String(s.p50).padStart(6)}  ${String(s.p99).padStart(6)}  ${String(s.peakRssMb).padStart(11)}  ${String(s.failed).padStart(6)}  ${(s.requestsPerSecond / base).toFixed(2)}x`,
      );
    }
    console.log(
      `\nFirst home query after start, ms: ${variants.map((v) => `${v} ${firstRequestMs[v]}`).join(', ')}`,
    );
    console.log('\nSubgraph requests per home query answered (last round):');
    for (const v of variants) {
      const counts = summary[v]!.subgraphRequestsPerRequest;
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      console.log(
        `${v.padEnd(24)} ${total.toFixed(2).padStart(5)}  (${Object.entries(counts)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ')})`,
      );
    }
    console.log(
      `At ${fixedRate} req/s (70% of plain's): p99 plain ${atRate.plain.p99} ms, hutong ${atRate.hutong.p99} ms ` +
        `(${(atRate.hutong.p99 / atRate.plain.p99).toFixed(2)} of plain's)`,
    );

    const resultsDir = path.join(__dirname, 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(
      resultsDir,
      `gateway-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          rounds: ROUNDS,
          seconds: SECONDS,
          connections: CONNECTIONS,
          cpus: os.cpus().length,
          summary,
          rounds_: rounds,
          fixedRate,
          atRate,
          firstRequestMs,
        },
        null,
        2,
      ),
    );
    console.log(`results: ${path.relative(ROOT, file)}`);
  } finally {
    nameProfiles(processNames);
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
