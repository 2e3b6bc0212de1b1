/**
 * `npm start`: runs the five subgraphs and the gateway (or those `--only`
 * names) as processes, each with the V8 heap of its memory budget
 * (HUTONG_MEMORY_MB). It says at once what it starts, reports each service as
 * it answers /ready, prints where they are once all do, restarts a service
 * that dies (with backoff, giving up after repeated fast failures), and stops
 * them all on Ctrl-C or SIGTERM. In development the services' JSON log lines
 * are printed as readable lines (pino-pretty); in production they pass as JSON.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { prettyFactory } from 'pino-pretty';
import { ConfigError, PROJECT_ROOT, SUBGRAPH_NAMES } from '../config';
import type { LaunchAnswer, LaunchFacts } from '../launch';

interface Service {
  name: string;
  entry: string;
  host: string;
  port: number;
  /** Its metrics listener's, when it has one of its own. */
  metricsPort: number | undefined;
  /** Node's flags for it: the heap of its memory budget. */
  nodeFlags: string[];
  env: Record<string, string>;
  /** Where a subgraph on embedded PGlite keeps its files; undefined on PostgreSQL and the gateway. */
  embeddedDataDir: string | undefined;
}

const SERVICE_NAMES = [...SUBGRAPH_NAMES, 'gateway'] as const;

const USAGE = `Usage: npm start [-- --only <names>]

Starts the payments, maps, food, commerce and social subgraphs (ports 4001-4005)
and the gateway (port 4000) on the embedded database, data kept under .data/.
Each service is reported as it becomes ready; one that dies is restarted.

Options:
  --only <names>  start only these services, a comma list of
                  ${SERVICE_NAMES.join(', ')}
                  (e.g. --only payments,maps); the gateway needs all five subgraphs
  -h, --help      this text

Ports and storage follow the environment: see the configuration table in gateway/README.md.
Ctrl-C stops everything.`;

const SLOW_START_MS = 60_000;
/** Beyond a service's own shutdown delay and grace period, before it is killed. */
const STOP_MARGIN_MS = 5_000;
/** A service that dies sooner than this after starting has failed fast. */
const FAST_FAILURE_MS = 10_000;
/** Fast failures in a row after which a service is given up. */
const MAX_FAST_FAILURES = 5;
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 16_000;

/** Runs a side's launch-facts entry (lib/launch.ts) and reads its answer lines. */
function askLaunchFacts(entry: string): Promise<LaunchAnswer[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--require', 'tsx/cjs', path.join(PROJECT_ROOT, entry)],
      { cwd: PROJECT_ROOT, env: process.env },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${entry} failed: ${stderr || error.message}`));
        resolve(
          stdout
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => JSON.parse(line) as LaunchAnswer),
        );
      },
    );
  });
}

/**
 * Every service's launch facts, each read by its own side's configuration, all
 * at once, so that every service's configuration problems show in one run.
 */
async function loadLaunchFacts(): Promise<Map<string, LaunchFacts>> {
  const answers = (
    await Promise.all([
      askLaunchFacts('gateway/launch.ts'),
      askLaunchFacts('subgraphs/kit/launch.ts'),
    ])
  ).flat();
  const problems = answers.flatMap((answer) =>
    'problems' in answer ? answer.problems.map((problem) => `${answer.service}: ${problem}`) : [],
  );
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return new Map(
    answers.flatMap((answer) => ('facts' in answer ? [[answer.service, answer.facts]] : [])),
  );
}

async function plan(only: Set<string>): Promise<{
  services: Service[];
  production: boolean;
  stopTimeoutMs: number;
}> {
  const facts = await loadLaunchFacts();
  const gateway = facts.get('gateway')!;
  const services: Service[] = [];
  const gatewayEnv: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const subgraph = facts.get(name)!;
    // Route the gateway to the ports the subgraphs were given, unless told otherwise.
    if (!gateway.subgraphUrls?.[name]) {
      gatewayEnv[`HUTONG_${name.toUpperCase()}_URL`] = `http://localhost:${subgraph.port}/graphql`;
    }
    if (!only.has(name)) continue;
    services.push({
      name,
      entry: `subgraphs/${name}/index.ts`,
      host: subgraph.host,
      port: subgraph.port,
      metricsPort: subgraph.metricsPort,
      nodeFlags: subgraph.nodeFlags,
      env: {},
      embeddedDataDir: subgraph.embeddedDataDir,
    });
  }
  if (only.has('gateway'))
    services.push({
      name: 'gateway',
      entry: 'gateway/index.ts',
      host: gateway.host,
      port: gateway.port,
      metricsPort: gateway.metricsPort,
      nodeFlags: gateway.nodeFlags,
      env: gatewayEnv,
      embeddedDataDir: undefined,
    });
  // Every service reads the same shutdown variables.
  const stopTimeoutMs = gateway.stopMs + STOP_MARGIN_MS;
  return { services, production: gateway.production, stopTimeoutMs };
}

/** Finds busy ports before anything starts, so the message names every one of them. */
async function busyPorts(
  services: Service[],
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
        probe.listen({ port, host: service.host }, () => probe.close(() => resolve(true)));
      });
      if (!free) busy.push({ service, port, variable });
    }
  }
  return busy;
}

/**
 * Resolves once the service answers /ready; rejects if it exits first. A slow start (a first
 * PGlite on a busy machine) is said once, not given up: the service's own log says why.
 */
async function waitForReady(service: Service, child: ChildProcess): Promise<void> {
  const slowAt = Date.now() + SLOW_START_MS;
  let saidSlow = false;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error('exited before it was ready');
    try {
      const response = await fetch(`http://localhost:${service.port}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (!saidSlow && Date.now() > slowAt) {
      saidSlow = true;
      console.log(`${service.name} is not ready after ${SLOW_START_MS / 1000} s; still waiting.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Each line a service prints, under its name; JSON log lines made readable unless `raw`. */
function prefixOutput(name: string, child: ChildProcess, raw: boolean): void {
  const label = `[${name}]`.padEnd(11);
  const pretty = raw
    ? undefined
    : prettyFactory({
        colorize: process.stdout.isTTY === true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,service',
        singleLine: true,
      });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      const text = pretty && line.startsWith('{') ? pretty(line).trimEnd() : line;
      process.stdout.write(`${label} ${text}\n`);
    });
  }
}

/** Where a service is reached: its bound address in production, localhost in development. */
function address(service: Service, production: boolean): string {
  const host = production
    ? service.host.includes(':')
      ? `[${service.host}]`
      : service.host
    : 'localhost';
  return `http://${host}:${service.port}`;
}

function parseOptions(): { help: boolean; only: Set<string> } {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return { help: true, only: new Set() };
  if (values.only === undefined) return { help: false, only: new Set(SERVICE_NAMES) };
  const names = values.only
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0)
    throw new TypeError(
      `--only takes a comma list of ${SERVICE_NAMES.join(', ')}` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  return { help: false, only: new Set(names) };
}

async function main(): Promise<void> {
  let options: { help: boolean; only: Set<string> };
  try {
    options = parseOptions();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(1);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  let services: Service[];
  let production: boolean;
  let stopTimeoutMs: number;
  try {
    ({ services, production, stopTimeoutMs } = await plan(options.only));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const busy = await busyPorts(services);
  if (busy.length > 0) {
    for (const { service, port, variable } of busy) {
      console.error(
        `Port ${port} (${service.name}) is already in use: is Hutong already running? ` +
          `Stop what listens there or set ${variable}.`,
      );
    }
    process.exit(1);
  }

  console.log(
    `Starting ${services.map((service) => `${service.name} (:${service.port})`).join(', ')}...`,
  );
  if (production)
    for (const service of services)
      if (service.embeddedDataDir)
        console.warn(
          `${service.name} runs on embedded storage (PGlite under ${service.embeddedDataDir}): ` +
            'set DATABASE_URL to run it on PostgreSQL.',
        );

  const started = Date.now();
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let allUp = false;

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

  const printBanner = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\nHutong is up in ${seconds} s:`);
    for (const service of services) {
      const url = `${address(service, production)}/graphql`;
      const pages =
        service.name === 'gateway' && !production
          ? `  (sandbox: ${address(service, false)}/, demo: ${address(service, false)}/demo)`
          : '';
      console.log(`  ${service.name.padEnd(9)} ${url}${pages}`);
    }
    console.log('Press Ctrl-C to stop.\n');
  };

  const ready = new Set<string>();
  /** Starts (or restarts) one service and keeps it running. */
  const run = (service: Service, fastFailures: number, restart: boolean): void => {
    const startedAt = Date.now();
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
    prefixOutput(service.name, child, production);
    waitForReady(service, child).then(
      () => {
        if (stopping) return;
        ready.add(service.name);
        const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
        console.log(
          `${service.name} is ${restart ? 'ready again' : 'ready'} at ${address(service, production)}/graphql (${seconds} s)`,
        );
        if (!allUp && ready.size === services.length) {
          allUp = true;
          printBanner();
        }
      },
      (error: Error) => {
        // An exit is reported (and the service restarted) by the exit handler.
        if (stopping || child.exitCode !== null || child.signalCode !== null) return;
        console.error(`${service.name} ${error.message}; stopping everything.`);
        void stopAll(1);
      },
    );
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const how = signal ?? `exit code ${code}`;
      const failures = Date.now() - startedAt < FAST_FAILURE_MS ? fastFailures + 1 : 0;
      if (failures >= MAX_FAST_FAILURES) {
        console.error(
          `${service.name} stopped (${how}) ${failures} times in a row within ` +
            `${FAST_FAILURE_MS / 1000} s of starting; giving up and stopping the rest.`,
        );
        void stopAll(1);
        return;
      }
      const delayMs = Math.min(
        FIRST_RESTART_DELAY_MS * 2 ** Math.max(failures - 1, 0),
        MAX_RESTART_DELAY_MS,
      );
      console.error(`${service.name} stopped (${how}); restarting in ${delayMs / 1000} s.`);
      setTimeout(() => {
        if (!stopping) run(service, failures, true);
      }, delayMs);
    });
  };
  for (const service of services) run(service, 0, false);
}

void main();
