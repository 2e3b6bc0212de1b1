/**
 * `npm start`: runs the five subgraphs and the gateway as six processes, each
 * with the V8 heap of its memory budget (HUTONG_MEMORY_MB), waits until each
 * answers /ready, prints where they are, and stops them all on Ctrl-C or
 * SIGTERM — or when any one of them dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { loadGatewayConfig } from '../../gateway/config';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import { ConfigError, PROJECT_ROOT, SUBGRAPH_NAMES } from '../config';
import { gatewayHeapFlags, heapFlags } from '../memory';

interface Service {
  name: string;
  entry: string;
  port: number;
  /** Its metrics listener's, when it has one of its own. */
  metricsPort: number | undefined;
  /** Node's flags for it: the heap of its memory budget. */
  nodeFlags: string[];
  env: Record<string, string>;
}

const READY_TIMEOUT_MS = 60_000;
/** Beyond a service's own shutdown delay and grace period, before it is killed. */
const STOP_MARGIN_MS = 5_000;

function plan(): { services: Service[]; host: string; stopTimeoutMs: number } {
  const gateway = loadGatewayConfig();
  const services: Service[] = [];
  const gatewayEnv: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const config = loadSubgraphConfig(name);
    services.push({
      name,
      entry: `subgraphs/${name}/index.ts`,
      port: config.port,
      metricsPort: config.metrics?.port,
      nodeFlags: heapFlags(config.memoryMb),
      env: {},
    });
    // Route the gateway to the ports the subgraphs were given, unless told otherwise.
    if (!gateway.subgraphUrls[name]) {
      gatewayEnv[`HUTONG_${name.toUpperCase()}_URL`] = `http://localhost:${config.port}/graphql`;
    }
  }
  services.push({
    name: 'gateway',
    entry: 'gateway/index.ts',
    port: gateway.port,
    metricsPort: gateway.metrics?.port,
    nodeFlags: gatewayHeapFlags(gateway),
    env: gatewayEnv,
  });
  // Every service reads the same shutdown variables.
  const stopTimeoutMs = gateway.shutdown.delayMs + gateway.shutdown.graceMs + STOP_MARGIN_MS;
  return { services, host: gateway.host, stopTimeoutMs };
}

/** Finds busy ports before anything starts, so the message names every one of them. */
async function busyPorts(
  services: Service[],
  host: string,
): Promise<{ service: Service; port: number; variable: string }[]> {
  const busy: { service: Service; port: number; variable: string }[] = [];
  for (const service of services) {
    const upper = service.name.toUpperCase();
    const ports = [
      { port: service.port, variable: `HUTONG_${upper}_PORT` },
      {
        port: service.metricsPort ?? 0,
        variable:
          service.name === 'gateway' ? 'HUTONG_METRICS_PORT' : `HUTONG_${upper}_METRICS_PORT`,
      },
    ];
    for (const { port, variable } of ports) {
      if (port === 0) continue;
      const free = await new Promise<boolean>((resolve) => {
        const probe = net.createServer();
        probe.once('error', () => resolve(false));
        probe.listen({ port, host }, () => probe.close(() => resolve(true)));
      });
      if (!free) busy.push({ service, port, variable });
    }
  }
  return busy;
}

async function waitForReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('exited before it was ready');
    try {
      const response = await fetch(`http://localhost:${port}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

function prefixOutput(name: string, child: ChildProcess): void {
  const label = `[${name}]`.padEnd(11);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      process.stdout.write(`${label} ${line}\n`);
    });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(`Usage: npm start

Starts the payments, maps, food, commerce and social subgraphs (ports 4001-4005)
and the gateway (port 4000) on the embedded database, data kept under .data/.
Ports and storage follow the environment: see the configuration table in gateway/README.md.
Ctrl-C stops everything.`);
    return;
  }
  let services: Service[];
  let host: string;
  let stopTimeoutMs: number;
  try {
    ({ services, host, stopTimeoutMs } = plan());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const busy = await busyPorts(services, host);
  if (busy.length > 0) {
    for (const { service, port, variable } of busy) {
      console.error(
        `Port ${port} (${service.name}) is already in use: is Hutong already running? ` +
          `Stop what listens there or set ${variable}.`,
      );
    }
    process.exit(1);
  }

  const started = Date.now();
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const exits = [...children.values()]
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map(
        (child) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      );
    await Promise.all(exits);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  for (const service of services) {
    const child = spawn(
      process.execPath,
      // tsx through its CommonJS hook only: no ESM loader thread (about 17 MB a process).
      [...service.nodeFlags, '--require', 'tsx/cjs', path.join(PROJECT_ROOT, service.entry)],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...service.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.set(service.name, child);
    prefixOutput(service.name, child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `${service.name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`,
      );
      void stopAll(1);
    });
  }

  try {
    await Promise.all(
      services.map((service) =>
        waitForReady(service.port, children.get(service.name)!).catch((error: Error) => {
          throw new Error(`${service.name} ${error.message}`);
        }),
      ),
    );
  } catch (error) {
    if (!stopping) {
      console.error((error as Error).message);
      await stopAll(1);
    }
    return;
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const gateway = services.at(-1)!;
  console.log(`\nHutong is up in ${seconds} s:`);
  for (const service of services.slice(0, -1)) {
    console.log(`  ${service.name.padEnd(9)} http://localhost:${service.port}/graphql`);
  }
  console.log(
    `  gateway   http://localhost:${gateway.port}/graphql  (sandbox: http://localhost:${gateway.port}/)`,
  );
  console.log('Press Ctrl-C to stop.\n');
}

void main();
