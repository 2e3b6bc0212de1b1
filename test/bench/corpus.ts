/**
 * `npm run bench:corpus`: the bad-input corpus against the production gateway.
 * Measures how long each hostile request takes to be refused, and a normal
 * query's latency while the corpus replays next to it, against the same
 * query's latency alone, in one run.
 */
import { BAD_REQUESTS, send } from '../corpus/bad-requests';
import { postGraphQL, readOperation, startGraph } from '../support/harness';
import { PRODUCTION_ENV, productionBearer } from '../support/production';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const HOME = readOperation('MiniProgramHome');

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ]!;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const graph = await startGraph({
    gatewayEnv: {
      ...PRODUCTION_ENV,
      HUTONG_PERSISTED_ONLY: 'false',
      HUTONG_RATE_APP_BURST: '100000000',
      HUTONG_RATE_USER_BURST: '100000000',
    },
  });
  const normal = () =>
    timed(() =>
      postGraphQL(
        graph.gatewayUrl,
        HOME,
        { lat: 30.2575, lng: 120.1655 },
        productionBearer('demo'),
      ),
    );
  try {
    for (let i = 0; i < 20; i++) await normal();
    const alone: number[] = [];
    for (let i = 0; i < SAMPLES; i++) alone.push(await normal());

    let replaying = true;
    const refusals = new Map<string, number>();
    const attacker = (async () => {
      while (replaying) {
        for (const bad of BAD_REQUESTS) {
          const ms = await timed(() => send(graph.gatewayUrl, bad));
          refusals.set(bad.name, Math.max(refusals.get(bad.name) ?? 0, ms));
          if (!replaying) break;
        }
      }
    })();
    const during: number[] = [];
    for (let i = 0; i < SAMPLES; i++) during.push(await normal());
    replaying = false;
    await attacker;

    console.log(`normal home query, ${SAMPLES} samples each (ms):`);
    console.log(
      `  alone         p50 ${percentile(alone, 50).toFixed(1)}  p99 ${percentile(alone, 99).toFixed(1)}`,
    );
    console.log(
      `  during corpus p50 ${percentile(during, 50).toFixed(1)}  p99 ${percentile(during, 99).toFixed(1)}`,
    );
    console.log(
      `  ratio         p50 ${(percentile(during, 50) / percentile(alone, 50)).toFixed(2)}x`,
    );
    console.log('slowest refusal of each corpus request (ms):');
    for (const [name, ms] of [...refusals].sort((a, b) => b[1] - a[1])) {
      console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`);
    }
  } finally {
    await graph.close();
  }
}

void main();
