/**
 * `npm start` as a user runs it: six processes on the embedded database, each
 * reported as it becomes ready, the banner with the sandbox and the demo, the
 * home query answered, a killed subgraph restarted, `--only` and `--help`,
 * every service's configuration problem in one run, a clear message for a
 * busy port, and a clean stop.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { bearer, HUBIN, postGraphQL, readOperation } from '../support/harness';
import { embeddedEnv, freePort } from '../support/processes';

const ROOT = path.resolve(__dirname, '../..');

function startHutong(
  env: Record<string, string>,
  args: string[] = [],
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/start.ts', ...args], {
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
      240_000,
    );
  }, 250_000);

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

  it('says at once what it starts, then each service as it becomes ready', () => {
    const output = hutong.output();
    expect(output.indexOf('Starting payments (:')).toBe(0);
    for (const name of [...SUBGRAPH_NAMES, 'gateway'])
      expect(output.indexOf(`${name} is ready at http://localhost:`)).toBeLessThan(
        output.indexOf('Hutong is up'),
      );
  });

  it('prints the sandbox and the demo in development', () => {
    expect(hutong.output()).toContain(
      `(sandbox: http://localhost:${gatewayPort}/, demo: http://localhost:${gatewayPort}/demo)`,
    );
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

  it('restarts a subgraph that dies, and the graph answers again', async () => {
    const [pid] = execFileSync('pgrep', ['-P', String(hutong.child.pid), '-f', 'subgraphs/maps/'])
      .toString()
      .trim()
      .split('\n');
    process.kill(Number(pid), 'SIGKILL');
    await waitFor(() => hutong.output().includes('maps is ready again'), 180_000);
    expect(hutong.output()).toContain('maps stopped (SIGKILL); restarting in 1 s.');
    const { body } = await postGraphQL(
      `http://localhost:${gatewayPort}/graphql`,
      readOperation('MiniProgramHome'),
      HUBIN,
      bearer('demo'),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.nearbyStores.edges[0].node.id).toBe('store-starbucks-in77');
  }, 200_000);

  it('starts only the services --only names (here refused: their port is taken)', async () => {
    const second = startHutong(env, ['--only', 'payments']);
    expect(await exitOf(second.child)).toBe(1);
    expect(second.output()).toContain(
      `Port ${env.HUTONG_PAYMENTS_PORT} (payments) is already in use`,
    );
    expect(second.output()).not.toContain('(gateway)');
  }, 30_000);

  it('refuses an unknown name in --only, listing the known ones', async () => {
    const wrong = startHutong(env, ['--only', 'payments,wallet']);
    expect(await exitOf(wrong.child)).toBe(1);
    expect(wrong.output()).toContain(
      '--only takes a comma list of payments, maps, food, commerce, social, gateway; unknown: wallet',
    );
  }, 30_000);

  it('explains itself with --help', async () => {
    const help = startHutong(env, ['--help']);
    expect(await exitOf(help.child)).toBe(0);
    expect(help.output()).toContain('Usage: npm start [-- --only <names>]');
  }, 30_000);

  it("reports every service's configuration problems in one run", async () => {
    const broken = startHutong({
      ...env,
      HUTONG_GATEWAY_PORT: 'gateway-port',
      HUTONG_MAPS_PORT: 'maps-port',
    });
    expect(await exitOf(broken.child)).toBe(1);
    expect(broken.output()).toContain('HUTONG_GATEWAY_PORT');
    expect(broken.output()).toContain('HUTONG_MAPS_PORT');
  }, 30_000);

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
