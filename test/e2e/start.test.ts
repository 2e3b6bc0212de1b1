/**
 * `npm start` as a user runs it: six processes on the embedded database, the
 * home query answered, a clear message for a busy port, and a clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { bearer, HUBIN, postGraphQL, readOperation } from '../support/harness';
import { embeddedEnv, freePort } from '../support/processes';

const ROOT = path.resolve(__dirname, '../..');

function startHutong(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/start.ts'], {
    cwd: ROOT,
    env: { ...embeddedEnv(), NODE_ENV: 'development', HUTONG_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-start-'));
  const env: Record<string, string> = { HUTONG_DATA_DIR: dataDir };
  let hutong: ReturnType<typeof startHutong>;
  let gatewayPort: number;

  beforeAll(async () => {
    gatewayPort = await freePort();
    env.HUTONG_GATEWAY_PORT = String(gatewayPort);
    for (const name of SUBGRAPH_NAMES)
      env[`HUTONG_${name.toUpperCase()}_PORT`] = String(await freePort());
    hutong = startHutong(env);
    await waitFor(
      () => hutong.output().includes('Hutong is up') || hutong.child.exitCode !== null,
      90_000,
    );
  }, 100_000);

  afterAll(async () => {
    if (hutong.child.exitCode === null) hutong.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts five subgraphs and the gateway and prints where they are', () => {
    expect(hutong.output()).toContain('Hutong is up');
    expect(hutong.output()).toContain(`gateway   http://localhost:${gatewayPort}/graphql`);
    for (const name of SUBGRAPH_NAMES)
      expect(hutong.output()).toContain(`${name.padEnd(9)} http://localhost:`);
  });

  it('answers the home query on the seeded data', async () => {
    const { body } = await postGraphQL(
      `http://localhost:${gatewayPort}/graphql`,
      readOperation('MiniProgramHome'),
      HUBIN,
      bearer('demo'),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.me.membership.nextSettlementCharge).toBe(2240);
    expect(body.data.nearbyStores.edges[0].node.id).toBe('store-starbucks-in77');
  });

  it('refuses to start a second time on the same ports, saying why', async () => {
    const second = startHutong(env);
    expect(await exitOf(second.child)).toBe(1);
    expect(second.output()).toContain(`Port ${gatewayPort} (gateway) is already in use`);
  }, 30_000);

  it('stops every process on SIGTERM', async () => {
    hutong.child.kill('SIGTERM');
    expect(await exitOf(hutong.child)).toBe(0);
    const port = Number(env.HUTONG_PAYMENTS_PORT);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  }, 30_000);
});
