/**
 * `npm run bench:gateway`: the gateway's own cost. The home query through a
 * plain @apollo/gateway and through Hutong (production settings, every
 * defence and cache on, one process), side by side in interleaved rounds,
 * over fixture subgraphs that cost next to nothing (fixture-subgraphs.ts):
 * each subgraph fetch of the home query at 50 points for the seeded users is
 * answered once by the real seeded subgraphs, which are then stopped, and
 * replayed from memory from then on. So the gateway is all that is measured.
 * The answers come without their cache hints, so that Hutong's caches look
 * everything up and answer nothing, unless BENCH_CACHE_HINTS=1.
 *
 * Both gateways' answers are checked equal, point by point and user by user,
 * before and after measuring. Prints req/s, the gateway's CPU time per request
 * (from /proc), p50/p99 latency and peak RSS, each with its ratio to plain's,
 * and the load average; writes everything to test/bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { loadManifest } from '../../gateway/manifest';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { freePort } from '../support/processes';
import { startFixtureSubgraphs } from './fixture-subgraphs';
import {
  benchToken,
  cpuMs,
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
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Whether the fixture subgraphs' answers carry their cache hints (see fixture-subgraphs.ts). */
const CACHE_HINTS = process.env.BENCH_CACHE_HINTS === '1';

const HOME_TEXT = fs.readFileSync(
  path.join(ROOT, 'schema/operations/home/MiniProgramHome.graphql'),
  'utf8',
);
const HOME_ID = [...loadManifest(PERSISTED_OPERATIONS_FILE).values()].find(
  (operation) => operation.name === 'MiniProgramHome',
)!.id;

const USERS = ['demo', 'u-lin', 'u-chen', 'u-wang', 'u-zhao'];
const TOKENS = USERS.map((user) => `Bearer ${benchToken(user)}`);

/** 50 points spread over the seeded city, the same on every run. */
const POINTS = Array.from({ length: 50 }, (_, i) => ({
  lat: Math.round((30.2 + ((i * 37) % 50) * 0.0028) * 1e4) / 1e4,
  lng: Math.round((120.06 + ((i * 23) % 50) * 0.0036) * 1e4) / 1e4,
}));

type Variant = 'plain' | 'hutong';
const VARIANTS: Variant[] = ['plain', 'hutong'];

/** Hutong as production runs it, in one process so that its CPU is one process's. */
const HUTONG_SETTINGS = { HUTONG_GATEWAY_WORKERS: '1' };

function requestFor(
  variant: Variant,
  user: number,
  point: number,
): { headers: Record<string, string>; body: string } {
  const headers = {
    'content-type': 'application/json',
    authorization: TOKENS[user]!,
    'x-app-id': 'hutong-demo',
  };
  const variables = POINTS[point]!;
  if (variant === 'plain')
    return { headers, body: JSON.stringify({ query: HOME_TEXT, variables }) };
  const extensions = { persistedQuery: { version: 1, sha256Hash: HOME_ID } };
  return { headers, body: JSON.stringify({ extensions, variables }) };
}

const anyIndex = (length: number) => Math.floor(Math.random() * length);

async function answer(url: string, variant: Variant, user: number, point: number) {
  const response = await fetch(url, { method: 'POST', ...requestFor(variant, user, point) });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Every user at every point through both gateways; the combinations whose answers differ. */
async function differences(urls: Record<Variant, string>): Promise<string[]> {
  const differing: string[] = [];
  for (let user = 0; user < USERS.length; user++) {
    for (let point = 0; point < POINTS.length; point++) {
      const plain = await answer(urls.plain, 'plain', user, point);
      const hutong = await answer(urls.hutong, 'hutong', user, point);
      const failed = (plain.body as { errors?: unknown }).errors !== undefined;
      if (plain.status !== 200 || failed || !isDeepStrictEqual(plain, hutong))
        differing.push(`${USERS[user]} at ${JSON.stringify(POINTS[point])}`);
    }
  }
  return differing;
}

interface Measurement {
  requestsPerSecond: number;
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  failed: number;
  peakRssMb: number;
}

async function measure(variant: Variant, url: string, pid: number): Promise<Measurement> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: 'POST',
          ...requestFor(variant, anyIndex(USERS.length), anyIndex(POINTS.length)),
        }),
      },
    ],
  });
  const cpu = cpuMs(pid) - cpuBefore;
  clearInterval(sampler);
  return {
    requestsPerSecond: result.requests.average,
    cpuMsPerRequest: cpu / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
    peakRssMb: Math.round(Math.max(peak, rssMb(pid))),
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-'));
  const processes: Record<string, ChildProcess> = {};
  const real = await startSeededSubgraphs(dataDir);
  Object.assign(processes, real.children);
  const fixtures = await startFixtureSubgraphs(real.urls, { cacheHints: CACHE_HINTS });
  try {
    const ports = { plain: await freePort(), hutong: await freePort() };
    const gateways: Record<Variant, ChildProcess> = {
      plain: startPlainGateway(ports.plain, fixtures.urls),
      hutong: startHutongGateway(ports.hutong, fixtures.urls, HUTONG_SETTINGS),
    };
    Object.assign(processes, gateways);
    const urls: Record<Variant, string> = {
      plain: `http://127.0.0.1:${ports.plain}/`,
      hutong: `http://127.0.0.1:${ports.hutong}/graphql`,
    };
    for (const variant of VARIANTS) await waitFor(urls[variant]);

    // Twice: a fetch the first pass shaped by what the caches kept is recorded too.
    for (let pass = 0; pass < 2; pass++) await differences(urls);
    fixtures.replayOnly();
    for (const name of Object.keys(real.children)) real.children[name]!.kill('SIGTERM');
    console.error(`${fixtures.kept} subgraph answers recorded; the real subgraphs are stopped`);

    const differingBefore = await differences(urls);
    if (differingBefore.length > 0)
      throw new Error(
        `answers differ before measuring for ${differingBefore.length}, first ${differingBefore[0]}`,
      );

    const loadBefore = loadAverage();
    const rounds: Record<Variant, Measurement[]> = { plain: [], hutong: [] };
    for (const variant of VARIANTS) await measure(variant, urls[variant], gateways[variant].pid!);
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const m = await measure(variant, urls[variant], gateways[variant].pid!);
        rounds[variant].push(m);
        console.error(
          `round ${round + 1} ${variant}: ${m.requestsPerSecond.toFixed(0)} req/s, ` +
            `${m.cpuMsPerRequest.toFixed(2)} ms CPU/request, p99 ${m.p99} ms, failed ${m.failed}`,
        );
      }
    }
    const loadAfter = loadAverage();
    const differingAfter = await differences(urls);

    const summary = Object.fromEntries(
      VARIANTS.map((v) => {
        const of = (key: keyof Measurement) => rounds[v].map((m) => m[key]);
        return [
          v,
          {
            requestsPerSecond: median(of('requestsPerSecond')),
            cpuMsPerRequest: median(of('cpuMsPerRequest')),
            p50: median(of('p50')),
            p99: median(of('p99')),
            peakRssMb: Math.max(...of('peakRssMb')),
            failed: of('failed').reduce((sum, n) => sum + n, 0),
          },
        ];
      }),
    ) as Record<Variant, Measurement>;

    const plain = summary.plain;
    const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;
    console.log(
      `\nGateway only: the home query over fixture subgraphs, ${ROUNDS} interleaved rounds of ` +
        `${SECONDS} s, ${CONNECTIONS} connections (medians), cache hints ${CACHE_HINTS ? 'on' : 'off'}; load average ${loadBefore} before, ${loadAfter} after:`,
    );
    console.log(
      `${'gateway'.padEnd(8)} ${'req/s'.padStart(14)} ${'CPU ms/req'.padStart(16)} ` +
        `${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(14)} ${'peak RSS MB'.padStart(18)}  failed`,
    );
    for (const v of VARIANTS) {
      const s = summary[v];
      console.log(
        `${v.padEnd(8)} ${`${s.requestsPerSecond.toFixed(0)} ${ratio(s.requestsPerSecond, plain.requestsPerSecond)}`.padStart(14)} ` +
          `${`${s.cpuMsPerRequest.toFixed(2)} ${ratio(s.cpuMsPerRequest, plain.cpuMsPerRequest)}`.padStart(16)} ` +
          `${String(s.p50).padStart(7)} ${`${s.p99} ${ratio(s.p99, plain.p99)}`.padStart(14)} ` +
          `${`${s.peakRssMb} ${ratio(s.peakRssMb, plain.peakRssMb)}`.padStart(18)}  ${s.failed}`,
      );
    }
    console.log(
      `Answers equal before and after measuring: ${differingAfter.length === 0 ? 'yes' : `no, ${differingAfter.length} differ after`}; ` +
        `fixture misses: ${fixtures.misses}`,
    );

    const resultsDir = path.join(__dirname, 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(
      resultsDir,
      `gateway-only-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          rounds: ROUNDS,
          seconds: SECONDS,
          connections: CONNECTIONS,
          cacheHints: CACHE_HINTS,
          cpus: os.cpus().length,
          loadAverage: { before: loadBefore, after: loadAfter },
          summary,
          measurements: rounds,
          differingAfter,
          fixtureMisses: fixtures.misses,
        },
        null,
        2,
      ),
    );
    console.log(`results: ${path.relative(ROOT, file)}`);
    if (differingAfter.length > 0 || fixtures.misses > 0) process.exitCode = 1;
  } finally {
    nameProfiles(processes);
    for (const child of Object.values(processes)) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await fixtures.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
