import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadGatewayConfig } from '../lib/config';
import { onShutdownSignal } from '../lib/http';
import { createLogger } from '../lib/logger';
import { createGateway, GRAPHQL_PATH } from './server';

const HELP = `Usage: npm run gateway -- [--supergraph <file>] [--port <n>]

Serves a composed supergraph at http://localhost:<port>${GRAPHQL_PATH}, routing
each subgraph to the URL written in the file (or HUTONG_<NAME>_URL).

  --supergraph <file>  supergraph SDL to serve (default: HUTONG_SUPERGRAPH or
                       schema/supergraph.graphql)
  --port <n>           port to listen on (default: HUTONG_GATEWAY_PORT or 4000)
  -h, --help           show this help`;

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
  const supergraphPath = args.supergraph ? path.resolve(args.supergraph) : config.supergraphPath;
  if (!fs.existsSync(supergraphPath)) {
    console.error(`gateway: supergraph file not found: ${supergraphPath}`);
    process.exit(1);
  }

  const log = createLogger('gateway', config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    superviseWorkers(config.workers, log);
    return;
  }
  try {
    const gateway = await createGateway({
      config,
      supergraphSdl: fs.readFileSync(supergraphPath, 'utf8'),
      subgraphUrls: config.subgraphUrls,
      log,
    });
    const url = await gateway.listen(port, config.host);
    if (cluster.isPrimary)
      log.info({ url: `${url}${GRAPHQL_PATH}`, supergraph: supergraphPath }, 'gateway ready');
    else process.send?.({ ready: `${url}${GRAPHQL_PATH}` });
    onShutdownSignal(() => gateway.close());
  } catch (error) {
    log.fatal({ err: error }, 'gateway failed to start');
    console.error(`gateway: ${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * Runs `count` gateway processes on one port (Node's cluster shares the
 * listening socket), so the gateway uses every core. A worker that dies is
 * replaced; SIGTERM or SIGINT stops them all. Caches, deduplication and rate
 * limits are per process unless REDIS_URL makes them shared.
 */
function superviseWorkers(count: number, log: ReturnType<typeof createLogger>): void {
  let stopping = false;
  let ready = 0;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { ready?: string }) => {
      if (message.ready && ++ready === count) {
        log.info({ url: message.ready, workers: count }, 'gateway ready');
      }
    });
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    fork();
  });
  onShutdownSignal(async () => {
    stopping = true;
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  });
}

void main();
