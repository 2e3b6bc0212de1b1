/**
 * A gateway cluster as gateway/index.ts runs one with HUTONG_GATEWAY_WORKERS
 * above 1: the primary forks the workers and serves their requests for the
 * cluster's metrics; each worker builds the gateway and listens on the shared
 * port, routed to the subgraphs named in the optional JSON argument (by
 * default the supergraph's URLs). Workers also answer GET /test/worker with
 * their id, and name themselves in every answer's `x-test-worker` header, so
 * that a test can see that connections reach both. With a metrics port, the
 * primary serves the cluster's metrics there, as in production. Gateway
 * settings in TEST_GATEWAY_SETTINGS (JSON) go on top of the harness's.
 *
 *   node --import tsx test/support/cluster-gateway.ts <port> <workers> ['{"maps":"http://…"}'] [<metrics port>]
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import { createLogger } from '../../lib/logger';
import { relayClusterInvalidations } from '../../gateway/cache/cluster-invalidation';
import { serveClusterMetrics } from '../../gateway/metrics';
import { createGateway } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { testGatewayConfig } from './harness';

const port = Number(process.argv[2]);
const workers = Number(process.argv[3] ?? 2);
const subgraphUrls = JSON.parse(process.argv[4] || '{}') as Record<string, string>;
const metricsPort = process.argv[5];
// The harness's settings: its subgraphs accept only a gateway that signs with its secret.
const config = testGatewayConfig({
  HUTONG_HOST: '127.0.0.1',
  ...(metricsPort ? { HUTONG_METRICS_PORT: metricsPort } : {}),
  ...(JSON.parse(process.env.TEST_GATEWAY_SETTINGS || '{}') as Record<string, string>),
});
const log = createLogger('gateway', 'silent');

async function worker(): Promise<void> {
  const gateway = await createGateway({
    config,
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls,
    log,
  });
  gateway.app.get('/test/worker', async () => ({ worker: cluster.worker?.id }));
  gateway.app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-test-worker', String(cluster.worker?.id));
    return payload;
  });
  await gateway.listen(port, '127.0.0.1');
  // Without its primary, a worker has nobody to answer to.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
}

async function primary(): Promise<void> {
  await serveClusterMetrics({ listener: config.metrics, limits: config.http, log });
  relayClusterInvalidations(log);
  let ready = 0;
  for (let i = 0; i < workers; i++)
    cluster.fork().on('message', (message: { ready?: boolean }) => {
      if (message.ready && ++ready === workers) console.log('cluster ready');
    });
  process.on('SIGTERM', () => {
    for (const each of Object.values(cluster.workers ?? {})) each?.kill();
    process.exit(0);
  });
}

(cluster.isPrimary ? primary() : worker()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
