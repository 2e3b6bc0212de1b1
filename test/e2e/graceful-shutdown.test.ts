/**
 * SIGTERM as an orchestrator sends it, to real processes: readiness turns 503
 * while the listener is still open, a request already running finishes with
 * its answer, new connections are refused once the listener closes, and the
 * process exits 0 — the gateway alone, the gateway as a cluster of workers,
 * and a subgraph.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { postGraphQL } from '../support/harness';
import { embeddedEnv, freePort } from '../support/processes';
import { waitFor } from '../support/steady-load';

const ROOT = path.resolve(__dirname, '../..');
const TOPICS = '{ trendingTopics(first: 2) { id } }';

/** Long enough to see "not ready" before the listener closes, on a slow machine too. */
const SHUTDOWN = { HUTONG_SHUTDOWN_DELAY_MS: '3000', HUTONG_SHUTDOWN_GRACE_MS: '30000' };

function start(entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...embeddedEnv(), NODE_ENV: 'development', HUTONG_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function ready(port: number): Promise<{ status: number | 'refused'; body?: unknown }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ready`);
    return { status: response.status, body: await response.json() };
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED')
      return { status: 'refused' };
    throw error;
  }
}

/**
 * Asks /ready until connections are refused, and what each answer was. While
 * it answers 503, /health (liveness) must still answer 200.
 */
async function readinessUntilRefused(port: number): Promise<{
  statuses: (number | 'refused')[];
  bodyWhenDraining: unknown;
  healthWhenDraining: number | undefined;
}> {
  const statuses: (number | 'refused')[] = [];
  let bodyWhenDraining: unknown;
  let healthWhenDraining: number | undefined;
  await waitFor(
    async () => {
      try {
        const answer = await ready(port);
        statuses.push(answer.status);
        if (answer.status === 503) {
          bodyWhenDraining ??= answer.body;
          healthWhenDraining ??= (await fetch(`http://127.0.0.1:${port}/health`)).status;
        }
        return answer.status === 'refused';
      } catch {
        // A connection reset as the listener closed: ask again.
        return false;
      }
    },
    'the listener to close',
    60_000,
  );
  return { statuses, bodyWhenDraining, healthWhenDraining };
}

/** Between the gateway and social: holds every request until released, to keep one in flight. */
async function startHoldingProxy(targetUrl: string) {
  let held = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    held++;
    await released;
    const upstream = await fetch(targetUrl, {
      method: 'POST',
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' && entry[0] !== 'host' && entry[0] !== 'content-length',
        ),
      ),
      body: Buffer.concat(chunks),
    });
    response.writeHead(upstream.status, { 'content-type': 'application/json' });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    held: () => held,
    release,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('graceful shutdown on SIGTERM', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-shutdown-'));
  // Social: the subgraph with the smallest seed, so the quickest to start.
  let socialPort: number;
  let social: ChildProcess;

  beforeAll(async () => {
    socialPort = await freePort();
    social = start('subgraphs/social/index.ts', {
      ...SHUTDOWN,
      HUTONG_DATA_DIR: dataDir,
      HUTONG_SOCIAL_PORT: String(socialPort),
    });
    await waitFor(
      async () =>
        social.exitCode !== null ||
        (await ready(socialPort).catch(() => undefined))?.status === 200,
      'social to be ready',
      90_000,
    );
    expect(social.exitCode).toBeNull();
  }, 100_000);

  afterAll(() => {
    if (social.exitCode === null) social.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['one process', 1],
    ['a cluster of two workers', 2],
  ])(
    'the gateway as %s finishes the request in flight, refuses new connections, exits 0',
    async (_, workers) => {
      const proxy = await startHoldingProxy(`http://127.0.0.1:${socialPort}/graphql`);
      const port = await freePort();
      const routes = Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [`HUTONG_${name.toUpperCase()}_URL`, 'http://127.0.0.1:9/']),
      );
      const gateway = start('gateway/index.ts', {
        ...SHUTDOWN,
        ...routes,
        HUTONG_SOCIAL_URL: proxy.url,
        HUTONG_GATEWAY_PORT: String(port),
        HUTONG_GATEWAY_WORKERS: String(workers),
        // The held request must not be given up on by the gateway itself.
        HUTONG_SUBGRAPH_TIMEOUT_MS: '60000',
        HUTONG_REQUEST_DEADLINE_MS: '60000',
      });
      try {
        await waitFor(
          async () => (await ready(port).catch(() => undefined))?.status === 200,
          'the gateway to be ready',
          60_000,
        );
        const inFlight = postGraphQL(`http://127.0.0.1:${port}/graphql`, TOPICS);
        await waitFor(() => proxy.held() === 1, 'the request to reach social');

        gateway.kill('SIGTERM');
        const readiness = await readinessUntilRefused(port);
        expect(readiness.statuses).toContain(503);
        expect(readiness.statuses.slice(readiness.statuses.indexOf(503))).not.toContain(200);
        expect(readiness.bodyWhenDraining).toEqual({ status: 'draining' });
        expect(readiness.healthWhenDraining).toBe(200);
        // Refused while the request is still running: the process waits for it.
        expect(gateway.exitCode).toBeNull();

        proxy.release();
        const answer = await inFlight;
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data.trendingTopics).toHaveLength(2);
        expect(await exitOf(gateway)).toBe(0);
      } finally {
        if (gateway.exitCode === null) gateway.kill('SIGKILL');
        await proxy.close();
      }
    },
    120_000,
  );

  it('a subgraph turns not ready, closes its listener and exits 0', async () => {
    social.kill('SIGTERM');
    const readiness = await readinessUntilRefused(socialPort);
    expect(readiness.statuses).toContain(503);
    expect(readiness.bodyWhenDraining).toEqual({ status: 'draining' });
    expect(readiness.healthWhenDraining).toBe(200);
    expect(await exitOf(social)).toBe(0);
  }, 60_000);
});
