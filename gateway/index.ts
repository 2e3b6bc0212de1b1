import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/config';
import { gatewayWorkerMemoryMb, loadGatewayConfig, type GatewayConfig } from './config';
import { createLogger, type Logger } from '../lib/logger';
import { warnUnlessHeapFits, heapFlags, withoutHeapFlags } from '../lib/memory';
import { StopOrder } from '../lib/shutdown';
import { relayClusterInvalidations } from './cache/cluster-invalidation';
import { serveClusterMetrics } from './metrics';
import type * as Server from './server';
import type * as SupergraphSource from './supergraph-source';

/** Where gateway/server.ts serves GraphQL; not imported from it, which a primary never loads. */
const GRAPHQL_PATH = '/graphql';

const HELP = `Usage: npm run gateway -- [--supergraph <file>] [--port <n>]

Serves a composed supergraph at http://localhost:<port>${GRAPHQL_PATH}, routing
each subgraph to the URL written in the file (or HUTONG_<NAME>_URL). A changed
supergraph is served without a restart: the file is watched (HUTONG_SUPERGRAPH_URL
is polled instead, when set); one that does not build is logged and ignored.
GET /ready answers 200 while it can serve; SIGTERM drains, then exits 0.

  --supergraph <file>  supergraph SDL to serve (default: HUTONG_SUPERGRAPH_URL,
                       HUTONG_SUPERGRAPH or schema/supergraph.graphql)
  --port <n>           port to listen on (default: HUTONG_GATEWAY_PORT or 4000)
  -h, --help           show this help`;

/** Beyond its own delay and grace period, what a worker gets to close pools and agents. */
const WORKER_STOP_MARGIN_MS = 5_000;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        supergraph: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }

  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`gateway: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const port = args.port === undefined ? config.port : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`gateway: --port must be a port number, got "${args.port}"`);
    process.exit(2);
  }
  const supergraphUrlToPoll = args.supergraph ? undefined : config.supergraphUrl;
  const supergraphPath = args.supergraph ? path.resolve(args.supergraph) : config.supergraphPath;
  if (!supergraphUrlToPoll && !fs.existsSync(supergraphPath)) {
    console.error(`gateway: supergraph file not found: ${supergraphPath}`);
    process.exit(1);
  }

  const log = createLogger('gateway', config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    await superviseWorkers(config, log);
    return;
  }
  warnUnlessHeapFits(gatewayWorkerMemoryMb(config), log);
  // Loaded here, not at the top: a cluster primary never builds a gateway, and stays small.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createGateway } = require('./server') as typeof Server;
  const { supergraphFile, supergraphUrl } =
    require('./supergraph-source') as typeof SupergraphSource;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // Listening for signals from the start: a worker told to stop before it listens
  // (its cluster stopping while it loads) has nothing to drain, and exits 0 once
  // the step it is in has finished.
  const stops = new StopOrder({
    stopping: (signal) => log.info({ signal, ...config.shutdown }, 'gateway draining'),
    stopped: () => log.info('gateway stopped'),
    failed: (error, signal) => log.error({ err: error, signal }, 'gateway failed to stop cleanly'),
  });
  try {
    const source = { pollMs: config.supergraphPollMs, log };
    const service = await stops.step(
      createGateway({
        config,
        supergraphSdl: supergraphUrlToPoll
          ? supergraphUrl(supergraphUrlToPoll, source)
          : supergraphFile(supergraphPath, source),
        subgraphUrls: config.subgraphUrls,
        log,
      }),
    );
    const url = await stops.step(service.listen(port, config.host), () =>
      service.close(config.shutdown),
    );
    if (cluster.isPrimary)
      log.info(
        {
          url: `${url}${GRAPHQL_PATH}`,
          metrics: `${service.metricsUrl}/metrics`,
          supergraph: supergraphUrlToPoll ?? supergraphPath,
        },
        'gateway ready',
      );
    else process.send?.({ ready: `${url}${GRAPHQL_PATH}` });
  } catch (error) {
    log.fatal({ err: error }, 'gateway failed to start');
    console.error(`gateway: ${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * Runs `count` gateway processes on one port (Node's cluster shares the
 * listening socket), so the gateway uses every core. Each worker's V8 heap
 * is sized from its share of HUTONG_MEMORY_MB. A worker that dies is
 * replaced. SIGTERM or SIGINT is passed on to every worker, each drains as a
 * single gateway does, and the primary exits once they all have: 0 when every
 * one stopped cleanly. One still running well after its own grace period is
 * killed. Caches, deduplication and rate limits are per process unless
 * REDIS_URL makes them shared; a cache invalidation reaches every worker.
 */
async function superviseWorkers(config: GatewayConfig, log: Logger): Promise<void> {
  const { workers: count, shutdown } = config;
  // The primary's metrics listener, or (without one) a worker's /metrics, answers the sum.
  let metricsUrl: string | undefined;
  try {
    metricsUrl = await serveClusterMetrics({
      listener: config.metrics,
      limits: config.http,
      log,
    });
  } catch (error) {
    log.fatal({ err: error }, 'gateway failed to start');
    console.error(`gateway: ${(error as Error).message}`);
    process.exit(1);
  }
  // A worker's invalidation reaches the others' caches before its mutation answers.
  relayClusterInvalidations(log);
  cluster.setupPrimary({
    execArgv: [...withoutHeapFlags(process.execArgv), ...heapFlags(gatewayWorkerMemoryMb(config))],
  });
  let stopping = false;
  /** Workers that have listened at least once (a replacement adds one more). */
  const ready = new Set<number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { ready?: string }) => {
      if (!message.ready) return;
      ready.add(worker.id);
      if (ready.size === count) {
        log.info(
          {
            url: message.ready,
            workers: count,
            ...(metricsUrl ? { metrics: `${metricsUrl}/metrics` } : {}),
          },
          'gateway ready',
        );
      }
    });
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    fork();
  });
  const stops = new StopOrder({
    stopping: (signal) => {
      stopping = true;
      log.info({ signal, workers: count }, 'gateway draining its workers');
    },
    stopped: () => log.info('gateway stopped'),
    failed: (error, signal) => log.error({ err: error, signal }, 'gateway failed to stop cleanly'),
  });
  stops.started(async () => {
    const exits = await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<boolean>((resolve) => {
            if (!worker || worker.isDead()) return resolve(true);
            const overdue = setTimeout(
              () => worker.process.kill('SIGKILL'),
              shutdown.delayMs + shutdown.graceMs + WORKER_STOP_MARGIN_MS,
            );
            worker.once('exit', (code: number | null, exitSignal: string | null) => {
              clearTimeout(overdue);
              // One still loading its modules has no handler yet, and nothing to drain:
              // ended by the signal it was sent, it stopped as it should.
              const clean = code === 0 || (!ready.has(worker.id) && exitSignal === 'SIGTERM');
              if (!clean)
                log.error(
                  { pid: worker.process.pid, code, signal: exitSignal },
                  'gateway worker did not stop cleanly',
                );
              resolve(clean);
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    const failed = exits.filter((clean) => !clean).length;
    if (failed > 0)
      throw new Error(`${failed} of ${exits.length} gateway workers did not stop cleanly`);
  });
}

void main();
