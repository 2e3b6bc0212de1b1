/**
 * `npm run build` as the image runs it: the five subgraphs and the gateway
 * started from the compiled JavaScript with plain `node --enable-source-maps`
 * (no tsx), each from its own folder-relative files, answer the home query;
 * the developer pages still bundle from the copied browser sources; and a
 * stack trace from the compiled code names the TypeScript file and line.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { bearer, HUBIN, postGraphQL, readOperation } from '../support/harness';
import { embeddedEnv, freePort } from '../support/processes';

const ROOT = path.resolve(__dirname, '../..');
/** Inside the project, as the build requires, so that the code finds node_modules. */
const OUT_DIR = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'hutong-build-'));
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-build-data-'));

const NODE_FLAGS = ['--enable-source-maps'];

interface Service {
  name: string;
  child: ChildProcess;
  output: () => string;
}

function startCompiled(name: string, entry: string, env: Record<string, string>): Service {
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(OUT_DIR, entry)], {
    cwd: ROOT,
    // NODE_OPTIONS could carry a loader in from the test run: none here.
    env: {
      ...embeddedEnv(),
      NODE_OPTIONS: '',
      NODE_ENV: 'development',
      HUTONG_LOG_LEVEL: 'warn',
      HUTONG_DATA_DIR: DATA_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { name, child, output: () => output };
}

async function waitUntilReady(service: Service, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null)
      throw new Error(`${service.name} exited ${service.child.exitCode}:\n${service.output()}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`${service.name} not ready in ${timeoutMs} ms:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopped(service: Service): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    service.child.once('exit', () => resolve());
    service.child.kill('SIGTERM');
  });
}

describe('the production build', () => {
  const services: Service[] = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build', '--', '--out-dir', OUT_DIR], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const gatewayEnv: Record<string, string> = {};
    const ready: Promise<void>[] = [];
    for (const name of SUBGRAPH_NAMES) {
      const port = await freePort();
      const service = startCompiled(name, `subgraphs/${name}/index.js`, {
        [`HUTONG_${name.toUpperCase()}_PORT`]: String(port),
      });
      services.push(service);
      ready.push(waitUntilReady(service, `http://localhost:${port}/ready`, 240_000));
      gatewayEnv[`HUTONG_${name.toUpperCase()}_URL`] = `http://localhost:${port}/graphql`;
    }
    await Promise.all(ready);
    const gatewayPort = await freePort();
    const gateway = startCompiled('gateway', 'gateway/index.js', {
      ...gatewayEnv,
      HUTONG_GATEWAY_PORT: String(gatewayPort),
    });
    services.push(gateway);
    gatewayUrl = `http://localhost:${gatewayPort}`;
    await waitUntilReady(gateway, `${gatewayUrl}/ready`, 120_000);
  }, 400_000);

  afterAll(async () => {
    await Promise.all(services.map(stopped));
    fs.rmSync(OUT_DIR, { recursive: true, force: true });
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
  });

  it('compiles every module without a reference to tsx', () => {
    const compiled = fs
      .readdirSync(OUT_DIR, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'));
    expect(compiled).toContain(path.join('gateway', 'index.js'));
    const loadingTsx = compiled.filter((file) =>
      /require\(["']tsx/.test(fs.readFileSync(path.join(OUT_DIR, file), 'utf8')),
    );
    expect(loadingTsx).toEqual([]);
  });

  it('answers the home query through the gateway from the compiled services', async () => {
    const { status, body } = await postGraphQL(
      `${gatewayUrl}/graphql`,
      readOperation('MiniProgramHome'),
      HUBIN,
      bearer('demo'),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.trendingTopics).toHaveLength(5);
    expect(body.data.nearbyStores.edges[0].node.id).toBe('store-starbucks-in77');
    expect(body.data.me.membership.nextSettlementCharge).toBe(2240);
  });

  it.each(['/sandbox/sandbox.js', '/demo/app.js'])(
    'bundles the developer page script %s from the copied browser sources',
    async (script) => {
      const response = await fetch(`${gatewayUrl}${script}`);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(1000);
    },
  );

  it('maps a stack trace from the compiled code to the TypeScript source line', () => {
    // The gateway's configuration refuses a port that is not one, from lib/config.ts's reader.
    const script = `require(${JSON.stringify(path.join(OUT_DIR, 'gateway', 'config.js'))})
      .loadGatewayConfig({ NODE_ENV: 'development', HUTONG_GATEWAY_PORT: 'not-a-port' });`;
    const { stderr } = spawnSync(process.execPath, [...NODE_FLAGS, '-e', script], {
      cwd: ROOT,
      env: { ...embeddedEnv(), NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    const frames = [...stderr.matchAll(/^\s+at .*?\(?(\/[^():]+):(\d+):\d+\)?$/gm)];
    const [file, line] = [frames[0]?.[1], Number(frames[0]?.[2])];
    expect(file).toMatch(/\.ts$/);
    expect(file!.startsWith(path.join(ROOT, 'lib') + path.sep)).toBe(true);
    // The line named is the throw itself, not a line of the JavaScript.
    expect(fs.readFileSync(file!, 'utf8').split('\n')[line - 1]).toMatch(/\bthrow\b/);
    expect(stderr).not.toContain(`${OUT_DIR}${path.sep}`);
  });
});
