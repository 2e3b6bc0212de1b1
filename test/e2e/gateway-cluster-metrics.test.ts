/**
 * A gateway of several worker processes on one port answers /metrics for all
 * of them: the primary sums the workers' registries over cluster IPC. In
 * development whichever worker takes the scrape on the service port answers;
 * with a metrics listener (production) the primary answers there, and the
 * service port has no /metrics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { embeddedEnv, freePort } from '../support/processes';
import { valueOf } from '../support/prometheus';

const ROOT = path.resolve(__dirname, '../..');
const WORKERS = 2;
const REQUESTS = 12;

/** A request on a connection of its own, so that the cluster hands each to the next worker. */
function request(
  port: number,
  method: 'GET' | 'POST',
  urlPath: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe.each([
  ['on the service port', false],
  ["on the primary's metrics listener", true],
])('gateway metrics across cluster workers, %s', (_where, ownListener) => {
  let child: ChildProcess;
  let port: number;
  let metricsPort: number;
  let output = '';

  beforeAll(async () => {
    port = await freePort();
    metricsPort = ownListener ? await freePort() : port;
    const args = [
      String(port),
      String(WORKERS),
      ...(ownListener ? ['{}', String(metricsPort)] : []),
    ];
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/cluster-gateway.ts', ...args],
      { cwd: ROOT, env: { ...embeddedEnv(), NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!output.includes('cluster ready')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the cluster did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 70_000);

  afterAll(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('serves connections from every worker', async () => {
    const workers = new Set<number>();
    for (let i = 0; i < 4 * WORKERS; i++)
      workers.add(JSON.parse((await request(port, 'GET', '/test/worker')).text).worker);
    expect(workers.size).toBe(WORKERS);
  });

  it('counts every request in every scrape, whichever worker served it and whichever answers', async () => {
    const ping = JSON.stringify({ query: 'query Ping { __typename }' });
    for (let i = 0; i < REQUESTS; i++)
      expect((await request(port, 'POST', '/graphql', ping)).status).toBe(200);

    const pings = async () => {
      const { status, text } = await request(metricsPort, 'GET', '/metrics');
      expect(status).toBe(200);
      return {
        requests: valueOf(text, 'hutong_gateway_requests_total', {
          operation: 'Ping',
          outcome: 'ok',
        }),
        closedCircuits: valueOf(text, 'hutong_gateway_circuit_state', {
          subgraph: 'food',
          state: 'closed',
        }),
      };
    };
    // A request is counted once its connection closes, a moment after its answer.
    const deadline = Date.now() + 10_000;
    while ((await pings()).requests < REQUESTS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 2 * WORKERS; i++)
      expect(await pings()).toEqual({ requests: REQUESTS, closedCircuits: WORKERS });
  });

  if (ownListener)
    it('answers 404 for /metrics on the service port, whichever worker takes it', async () => {
      for (let i = 0; i < 2 * WORKERS; i++)
        expect((await request(port, 'GET', '/metrics')).status).toBe(404);
    });
});
