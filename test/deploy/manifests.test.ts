/**
 * The deployment files stay true to the services they run: the Kubernetes
 * manifests of .deploy/kubernetes/ give each service a configuration it starts
 * with in production, the port it listens on and probes it answers, and the
 * image of .deploy/Dockerfile starts the real entry points with every file
 * they load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_PROCESS_MEMORY_MB, SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import { configurationSource } from '../support/configuration';
import { gatewayWorkerMemoryMb, loadGatewayConfig, type GatewayConfig } from '../../gateway/config';
import { loadSubgraphConfig, ORDER_OWNERS, type SubgraphConfig } from '../../subgraphs/kit/config';
import { heapFlags } from '../../lib/memory';
import { createSubgraphService } from '../../subgraphs/kit/subgraph';
import { createGateway } from '../../gateway/server';
import { PERSISTED_OPERATIONS_FILE, SUPERGRAPH_FILE } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs';
import { openMigratedPglite } from '../support/database-templates';
import { compiledSources, DEFAULT_BUILD_DIR, runtimeAssets } from '../../lib/cli/build';
import { silentLog, testGatewayConfig } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const DEPLOY_DIR = path.join(ROOT, '.deploy');
const KUBERNETES_DIR = path.join(DEPLOY_DIR, 'kubernetes');

type ServiceName = 'gateway' | SubgraphName;
const SERVICES: ServiceName[] = ['gateway', ...SUBGRAPH_NAMES];

// ---- Kubernetes objects, as far as these checks read them ----

type Labels = Record<string, string>;

interface Manifest<Spec = unknown> {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Labels };
  spec: Spec;
  data?: Record<string, string>;
}

interface Probe {
  httpGet?: { path: string; port: string | number };
}

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string };
      fieldRef?: { fieldPath: string };
      resourceFieldRef?: { resource: string; divisor?: string };
    };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}

interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Labels };
  template: {
    metadata: { labels: Labels; annotations?: Labels };
    spec: {
      containers: Container[];
      enableServiceLinks?: boolean;
      terminationGracePeriodSeconds?: number;
      securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
      volumes?: { name: string; emptyDir?: object }[];
    };
  };
}

interface ServiceSpec {
  selector: Labels;
  ports: { name?: string; port: number; targetPort: string | number }[];
}

interface AutoscalerSpec {
  scaleTargetRef: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  metrics: { type: string; resource?: { name: string } }[];
}

interface DisruptionBudgetSpec {
  selector: { matchLabels: Labels };
  minAvailable?: number;
  maxUnavailable?: number;
}

const kustomization = parse(read(path.join(KUBERNETES_DIR, 'kustomization.yaml'))) as {
  resources: string[];
};

const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(read(path.join(KUBERNETES_DIR, file))).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    return document.toJS() as Manifest;
  }),
);

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function manifest<Spec>(kind: string, name: string): Manifest<Spec> {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in .deploy/kubernetes`);
  return found as Manifest<Spec>;
}

interface NetworkPolicySpec {
  podSelector: { matchLabels?: Record<string, string> };
  policyTypes: string[];
  ingress?: {
    from?: { podSelector?: { matchLabels?: Record<string, string> } }[];
    ports?: { port?: number; protocol?: string }[];
  }[];
}

/** A service's pod labels; with `only`, just that one (app.kubernetes.io/<only>). */
function podLabelsOf(service: ServiceName, only?: string): Record<string, string> {
  const labels = deploymentOf(service).spec.template.metadata.labels;
  if (!only) return labels;
  const key = `app.kubernetes.io/${only}`;
  return { [key]: labels[key]! };
}

function deploymentOf(service: ServiceName): Manifest<DeploymentSpec> {
  return manifest<DeploymentSpec>('Deployment', service);
}

function containerOf(service: ServiceName): Container {
  const container = deploymentOf(service).spec.template.spec.containers.find(
    (c) => c.name === service,
  );
  if (!container) throw new Error(`the ${service} Deployment has no container named ${service}`);
  return container;
}

function containerPort(service: ServiceName, port: string | number): number {
  if (typeof port === 'number') return port;
  const named = containerOf(service).ports?.find((p) => p.name === port);
  if (!named) throw new Error(`the ${service} container has no port named ${port}`);
  return named.containerPort;
}

function selects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

// ---- The environment a container starts with ----

interface ContainerEnvironment {
  values: Record<string, string>;
  /** Variables filled from a Secret, with the Secret and key they come from. */
  fromSecrets: Record<string, string>;
  /** Variables filled from the pod's own fields (its address), with the field. */
  fromPod: Record<string, string>;
}

/** What Kubernetes would put in a variable filled from the pod: an address, for these checks. */
const POD_ADDRESS = '10.1.2.3';

/**
 * What an operator's Secret holds, in the shape the configuration validates:
 * URLs for the datastores, 32+ characters for the rest.
 */
function placeholderSecret(key: string): string {
  const host = key.toLowerCase().replaceAll('_', '-');
  if (key.endsWith('DATABASE_URL')) return `postgres://hutong:secret@${host}.invalid/hutong`;
  if (key === 'REDIS_URL') return `redis://:secret@${host}.invalid:6379`;
  return `${host}-`.padEnd(48, 'x');
}

/**
 * ConfigMaps are taken whole; Secrets only key by key, so that each service
 * receives the secrets it needs and no others.
 */
function environmentOf(service: ServiceName): ContainerEnvironment {
  const container = containerOf(service);
  const values: Record<string, string> = {};
  const fromSecrets: Record<string, string> = {};
  const fromPod: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef)
      throw new Error(`${service}: take secrets key by key (env[].valueFrom.secretKeyRef)`);
    Object.assign(values, manifest('ConfigMap', source.configMapRef.name).data);
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const field = variable.valueFrom?.fieldRef;
    const resource = variable.valueFrom?.resourceFieldRef;
    if (secret) {
      values[variable.name] = placeholderSecret(secret.key);
      fromSecrets[variable.name] = `${secret.name}/${secret.key}`;
    } else if (field?.fieldPath === 'status.podIP') {
      values[variable.name] = POD_ADDRESS;
      fromPod[variable.name] = field.fieldPath;
    } else if (resource?.resource === 'limits.memory' && resource.divisor === '1Mi') {
      const limit = container.resources?.limits?.memory;
      if (!limit) throw new Error(`${service}: ${variable.name} reads a memory limit it lacks`);
      values[variable.name] = String(mebibytes(limit));
    } else if (variable.value !== undefined) {
      values[variable.name] = variable.value;
    } else {
      throw new Error(`${service}: ${variable.name} comes from a source this check cannot read`);
    }
  }
  return { values, fromSecrets, fromPod };
}

function configOf(service: 'gateway'): GatewayConfig;
function configOf(service: ServiceName): GatewayConfig | SubgraphConfig;
function configOf(service: ServiceName): GatewayConfig | SubgraphConfig {
  const { values } = environmentOf(service);
  return service === 'gateway' ? loadGatewayConfig(values) : loadSubgraphConfig(service, values);
}

/**
 * Every variable the configuration readers can read: quoted names, `env.NAME`, and the
 * per-subgraph templates (`HUTONG_${upper}_PORT`) for each subgraph's name.
 */
function variablesTheConfigurationReads(): Set<string> {
  const source = configurationSource();
  const names = new Set<string>();
  for (const [, name] of source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) names.add(name!);
  for (const [, name] of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(name!);
  for (const [, prefix, suffix] of source.matchAll(/`([A-Z0-9_]*)\$\{[^}]+\}([A-Z0-9_]*)`/g)) {
    for (const subgraph of SUBGRAPH_NAMES) names.add(`${prefix}${subgraph.toUpperCase()}${suffix}`);
  }
  return names;
}

function mebibytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  const bytesPerUnit: Record<string, number> = { Mi: 2 ** 20, Gi: 2 ** 30, M: 1e6, G: 1e9 };
  return (Number(match[1]) * bytesPerUnit[match[2]!]!) / 2 ** 20;
}

describe('Kubernetes manifests', () => {
  it('lists every manifest file in the kustomization', () => {
    const files = fs
      .readdirSync(KUBERNETES_DIR)
      .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it.each(SERVICES)('%s: a Deployment and a Service on the port its configuration uses', (name) => {
    const deployment = deploymentOf(name);
    const podLabels = deployment.spec.template.metadata.labels;
    expect(selects(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    const service = manifest<ServiceSpec>('Service', name);
    expect(selects(service.spec.selector, podLabels)).toBe(true);

    const { port, metrics } = configOf(name);
    expect(containerOf(name).ports?.map((p) => p.containerPort)).toEqual([port, metrics?.port]);
    expect(containerPort(name, 'metrics')).toBe(metrics?.port);
    // The Service carries client traffic only; Prometheus scrapes each pod itself.
    expect(service.spec.ports.map((p) => containerPort(name, p.targetPort))).toEqual([port]);
  });

  it.each(SERVICES)('%s: starts in production with everything it requires', (name) => {
    // Loading throws ConfigError, naming every missing or invalid variable.
    const config = configOf(name);
    expect(config.env).toBe('production');
    expect(config.sandbox).toBe(false);
    if ('database' in config) {
      // Without its own database a subgraph would fall back to embedded PGlite in the pod.
      expect(config.database.url).toMatch(/^postgres:/);
    } else {
      // The autoscaler adds pods; one process each keeps a pod's CPU and memory figures honest.
      expect(config.workers).toBe(1);
    }
  });

  it.each(SERVICES)('%s: sets only variables the configuration reads', (name) => {
    const known = variablesTheConfigurationReads();
    const unknown = Object.keys(environmentOf(name).values).filter((v) => !known.has(v));
    expect(unknown).toEqual([]);
  });

  it.each(SERVICES)('%s: takes credentials and datastore URLs from Secrets only', (name) => {
    const { values, fromSecrets } = environmentOf(name);
    const sensitive = Object.keys(values).filter((v) => /(SECRET|DATABASE_URL|REDIS_URL)$/.test(v));
    expect(sensitive.length).toBeGreaterThan(0);
    expect(sensitive.filter((v) => !(v in fromSecrets))).toEqual([]);
  });

  it('gives services that must agree on a secret the same Secret key', () => {
    const sources = new Map<string, Set<string>>();
    for (const name of SERVICES) {
      for (const [variable, source] of Object.entries(environmentOf(name).fromSecrets)) {
        sources.set(variable, (sources.get(variable) ?? new Set()).add(source));
      }
    }
    const disagreeing = [...sources].filter(([, used]) => used.size > 1).map(([v]) => v);
    expect(disagreeing).toEqual([]);
    expect(sources.get('HUTONG_GATEWAY_SECRET')).toBeDefined();
  });

  it('denies all ingress but what a policy allows', () => {
    const deny = manifest<NetworkPolicySpec>('NetworkPolicy', 'default-deny-ingress');
    expect(deny.spec.podSelector).toEqual({});
    expect(deny.spec.policyTypes).toEqual(['Ingress']);
    expect(deny.spec.ingress ?? []).toEqual([]);
  });

  /** Who may call a subgraph: the gateway, and the order owners the wallet (subgraphs/kit/wallet-closure.ts). */
  const callersOf = (name: SubgraphName): ServiceName[] =>
    name === 'payments' ? ['gateway', ...ORDER_OWNERS] : ['gateway'];

  it.each(SUBGRAPH_NAMES)(
    '%s: only its callers’ pods reach its service port, whatever else is in the cluster',
    (name) => {
      const policies = manifests.filter(
        (m): m is Manifest<NetworkPolicySpec> =>
          m.kind === 'NetworkPolicy' &&
          selects((m.spec as NetworkPolicySpec).podSelector.matchLabels ?? {}, podLabelsOf(name)),
      );
      const rules = policies.flatMap((policy) => policy.spec.ingress ?? []);
      const servicePortRules = rules.filter((rule) =>
        (rule.ports ?? [{}]).some((p) => p.port === undefined || p.port === configOf(name).port),
      );
      expect(servicePortRules.length).toBeGreaterThan(0);
      for (const rule of servicePortRules) {
        expect(rule.from).toEqual(
          callersOf(name).map((caller) => ({
            podSelector: { matchLabels: podLabelsOf(caller, 'name') },
          })),
        );
      }
    },
  );

  it.each(ORDER_OWNERS)('%s: closes orders at payments through its Service', (owner) => {
    const wallet = new URL((configOf(owner) as SubgraphConfig).paymentsUrl);
    expect(wallet.hostname).toBe('payments');
    const servicePort = manifest<ServiceSpec>('Service', 'payments').spec.ports.find(
      (p) => p.port === Number(wallet.port),
    );
    expect(servicePort && containerPort('payments', servicePort.targetPort)).toBe(
      configOf('payments').port,
    );
  });

  it('routes the gateway to each subgraph through its Service', () => {
    const routes = configOf('gateway').subgraphUrls;
    for (const name of SUBGRAPH_NAMES) {
      const route = new URL(routes[name] ?? `http://unrouted-${name}`);
      expect({ name, host: route.hostname.split('.')[0] }).toEqual({ name, host: name });
      expect(route.pathname).toBe('/graphql');
      const servicePort = manifest<ServiceSpec>('Service', name).spec.ports.find(
        (p) => p.port === Number(route.port),
      );
      expect(servicePort && containerPort(name, servicePort.targetPort)).toBe(configOf(name).port);
    }
  });

  it.each(SERVICES)('%s: shuts down within its termination grace period', (name) => {
    const { values } = environmentOf(name);
    const delayMs = Number(values.HUTONG_SHUTDOWN_DELAY_MS ?? 0);
    const graceMs = Number(values.HUTONG_SHUTDOWN_GRACE_MS);
    expect(graceMs).toBeGreaterThan(0);
    const periodSeconds = deploymentOf(name).spec.template.spec.terminationGracePeriodSeconds;
    expect((periodSeconds ?? 30) * 1000).toBeGreaterThan(delayMs + graceMs);
    // In-flight gateway requests are allowed their whole deadline.
    if (name === 'gateway')
      expect(graceMs).toBeGreaterThanOrEqual(configOf(name).requestDeadlineMs);
  });

  it.each(SERVICES)('%s: runs unprivileged on a read-only root file system', (name) => {
    const pod = deploymentOf(name).spec.template.spec;
    const container = containerOf(name);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    // Service links would add <SERVICE>_PORT-style variables the configuration reads strictly.
    expect(pod.enableServiceLinks).toBe(false);
  });

  it.each(SERVICES)('%s: sizes the V8 heap from its memory limit', (name) => {
    const { args = [], resources } = containerOf(name);
    const limit = resources?.limits?.memory;
    expect(limit).toBeDefined();
    const config = configOf(name);
    expect(config.memoryMb).toBe(mebibytes(limit!));
    const perProcess = 'workers' in config ? gatewayWorkerMemoryMb(config) : config.memoryMb;
    expect(args.filter((arg) => arg.startsWith('--max-'))).toEqual(heapFlags(perProcess));
    // Requests are what the scheduler and the autoscaler's utilisation count against.
    expect(resources?.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
    );
  });

  it.each(SERVICES)(
    "%s: asks Prometheus to scrape its metrics listener, on the pod's address",
    (name) => {
      const annotations = deploymentOf(name).spec.template.metadata.annotations ?? {};
      expect(annotations['prometheus.io/scrape']).toBe('true');
      const { port, metrics } = configOf(name);
      expect(metrics).toEqual({
        port: Number(annotations['prometheus.io/port']),
        host: POD_ADDRESS,
      });
      expect(metrics?.port).not.toBe(port);
      expect(environmentOf(name).fromPod).toEqual({ HUTONG_METRICS_HOST: 'status.podIP' });
    },
  );

  it('scales the gateway on CPU from two replicas and keeps one through disruptions', () => {
    const autoscaler = manifest<AutoscalerSpec>('HorizontalPodAutoscaler', 'gateway');
    expect(autoscaler.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'gateway' });
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.spec.maxReplicas).toBeGreaterThan(autoscaler.spec.minReplicas);
    expect(autoscaler.spec.metrics).toContainEqual(
      expect.objectContaining({
        type: 'Resource',
        resource: { name: 'cpu', target: expect.anything() },
      }),
    );
    // The autoscaler owns the count; a replicas field would reset it on every apply.
    expect(deploymentOf('gateway').spec.replicas).toBeUndefined();

    const budget = manifest<DisruptionBudgetSpec>('PodDisruptionBudget', 'gateway');
    expect(
      selects(
        budget.spec.selector.matchLabels,
        deploymentOf('gateway').spec.template.metadata.labels,
      ),
    ).toBe(true);
    const evictable =
      budget.spec.maxUnavailable ?? autoscaler.spec.minReplicas - (budget.spec.minAvailable ?? 0);
    expect(evictable).toBeGreaterThanOrEqual(1);
    expect(evictable).toBeLessThan(autoscaler.spec.minReplicas);
  });
});

// ---- The probes against the real services ----

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;

/** Every path Kubernetes and Prometheus will ask a service for, with who asks. */
function probedPaths(name: ServiceName): [string, string][] {
  const container = containerOf(name);
  const paths: [string, string][] = PROBES.flatMap((kind) => {
    const probe = container[kind]?.httpGet;
    return probe ? [[kind, probe.path] as [string, string]] : [];
  });
  const scraped = deploymentOf(name).spec.template.metadata.annotations?.['prometheus.io/path'];
  paths.push(['Prometheus', scraped ?? '/metrics']);
  return paths;
}

describe.each(SERVICES)('%s answers what Kubernetes and Prometheus ask', (name) => {
  let baseUrl: string;
  let metricsUrl: string | undefined;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // A metrics listener of its own, as in the pod, on a free port.
    const metricsPort =
      name === 'gateway' ? 'HUTONG_METRICS_PORT' : `HUTONG_${name.toUpperCase()}_METRICS_PORT`;
    const env = { HUTONG_SANDBOX: 'false', [metricsPort]: '0' };
    if (name === 'gateway') {
      const gateway = await createGateway({
        config: testGatewayConfig(env),
        supergraphSdl: read(SUPERGRAPH_FILE),
        log: silentLog,
      });
      close = () => gateway.close();
      baseUrl = await gateway.listen(0, '127.0.0.1');
      metricsUrl = gateway.metricsUrl;
    } else {
      const db = await openMigratedPglite(SUBGRAPHS[name]);
      const service = await createSubgraphService(SUBGRAPHS[name], {
        config: loadSubgraphConfig(name, { NODE_ENV: 'test', ...env }),
        db,
        log: silentLog,
      });
      close = async () => {
        await service.close();
        await db.close();
      };
      baseUrl = await service.listen(0, '127.0.0.1');
      metricsUrl = service.metricsUrl;
    }
  });

  afterAll(() => close());

  it.each(probedPaths(name))('%s: GET %s answers 200', async (kind, probedPath) => {
    const url = kind === 'Prometheus' ? metricsUrl : baseUrl;
    expect((await fetch(`${url}${probedPath}`)).status).toBe(200);
  });

  it('keeps /metrics off the port clients reach', async () => {
    expect(metricsUrl).not.toBe(baseUrl);
    const onServicePort = await fetch(`${baseUrl}/metrics`);
    // The gateway has no such route; a subgraph answers nobody without the gateway's credential.
    expect([404, 401]).toContain(onServicePort.status);
    expect(await onServicePort.text()).not.toContain('process_resident_memory_bytes');
  });

  it('probes its own port, liveness and readiness separately', () => {
    const container = containerOf(name);
    for (const kind of PROBES) {
      const probe = container[kind]?.httpGet;
      if (probe) expect(containerPort(name, probe.port)).toBe(configOf(name).port);
    }
    expect(container.livenessProbe?.httpGet?.path).toBeDefined();
    // Readiness turns false while the service drains; liveness must not, or the pod is killed.
    expect(container.readinessProbe?.httpGet?.path).not.toBe(
      container.livenessProbe?.httpGet?.path,
    );
  });
});

// ---- The image ----

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      stages.push({ name: /\sAS\s+(\S+)$/i.exec(args)?.[1], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

interface Copy {
  from: string | undefined;
  sources: string[];
}

function copiesOf(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: words.filter((w) => !w.startsWith('--')).slice(0, -1) };
    });
}

function execForm(stage: Stage, keyword: string): string[] {
  const instruction = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
  return instruction ? (JSON.parse(instruction.args) as string[]) : [];
}

const stages = parseDockerfile(read(path.join(DEPLOY_DIR, 'Dockerfile')));
const runtime = stages.at(-1)!;
const ignorePatterns = read(path.join(DEPLOY_DIR, 'Dockerfile.dockerignore'))
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/**
 * Docker's patterns: Go's filepath.Match, where `*` also matches names that
 * start with a dot, plus `**` for any number of folders. Node's glob matching
 * leaves dotfiles out, so it would pass a context that sends `.git`.
 */
function dockerPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** As Docker decides: the last pattern matching the path or one of its parent folders wins. */
function excludedFromContext(file: string): boolean {
  const segments = file.split('/');
  const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const line of ignorePatterns) {
    const negated = line.startsWith('!');
    const pattern = dockerPattern(negated ? line.slice(1) : line);
    if (candidates.some((candidate) => pattern.test(candidate))) excluded = !negated;
  }
  return excluded;
}

const buildStage = stages.find((stage) => stage.name === 'build')!;
const BUILD_DIR = path.relative(ROOT, DEFAULT_BUILD_DIR);

function within(file: string, folders: string[]): boolean {
  return folders
    .map((p) => p.replace(/\/$/, ''))
    .some((p) => file === p || file.startsWith(`${p}/`));
}

/** The project files the build stage reads: its copies of the context. */
function inBuildContext(file: string): boolean {
  const copied = copiesOf(buildStage).flatMap((copy) => (copy.from ? [] : copy.sources));
  return within(file, copied) && !excludedFromContext(file);
}

/** What the runtime stage takes of the build stage's working folder, relative to it. */
function takenFromBuild(): string[] {
  const workdir = buildStage.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)!.args;
  return copiesOf(runtime)
    .filter((copy) => copy.from === buildStage.name)
    .flatMap((copy) => copy.sources.map((source) => path.posix.relative(workdir, source)));
}

const COMPILED = new Set(compiledSources());
const ASSETS = new Set(runtimeAssets());

/**
 * A project file is in the image when the build stage has it and the build
 * writes it (compiled, or copied as it is) into the build folder the runtime
 * stage takes.
 */
function isShipped(file: string): boolean {
  const built = file.endsWith('.ts') ? COMPILED.has(file) : ASSETS.has(file);
  return inBuildContext(file) && built && takenFromBuild().includes(BUILD_DIR);
}

/** A folder's files, relative to the root; a file stands for itself. */
function filesOf(file: string): string[] {
  const absolute = path.join(ROOT, file);
  if (!fs.statSync(absolute).isDirectory()) return [file];
  return fs
    .readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

function resolveModule(fromFile: string, specifier: string): string {
  const base = path.join(path.dirname(fromFile), specifier);
  const candidate = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) =>
    fs.statSync(path.join(ROOT, c), { throwIfNoEntry: false })?.isFile(),
  );
  if (!candidate) throw new Error(`${fromFile}: cannot resolve ${specifier}`);
  return candidate;
}

/** The project files an entry point loads, following relative imports and requires. */
function localModules(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = read(path.join(ROOT, file));
    for (const [, specifier] of source.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^import\s+)['"](\.\.?\/[^'"]+)['"]/gm,
    )) {
      pending.push(resolveModule(file, specifier!));
    }
  }
  return [...seen];
}

function entryPointOf(service: ServiceName): string {
  return service === 'gateway' ? 'gateway/index.ts' : `subgraphs/${service}/index.ts`;
}

/** Where the build writes a TypeScript file's JavaScript. */
function compiledPathOf(source: string): string {
  return path.posix.join(BUILD_DIR, source.replace(/\.ts$/, '.js'));
}

describe('the image', () => {
  it('runs the gateway by default and, in each Deployment, that service, compiled', () => {
    const [program, ...flags] = execForm(runtime, 'ENTRYPOINT');
    expect(program).toBe('node');
    // No tsx: the JavaScript of the build, with stack traces through its source maps.
    expect(flags).toEqual(['--enable-source-maps']);
    expect(execForm(runtime, 'CMD')).toEqual([compiledPathOf(entryPointOf('gateway'))]);
    for (const service of SERVICES) {
      const container = containerOf(service);
      // The image's entry point stays: node, then the container's arguments.
      expect(container.command).toBeUndefined();
      expect(container.args?.at(-1)).toBe(compiledPathOf(entryPointOf(service)));
      expect(COMPILED.has(entryPointOf(service))).toBe(true);
    }
  });

  it('builds after the checks, then drops the dev dependencies', () => {
    const runs = buildStage.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args.replace(/--mount=\S+\s+/g, ''));
    const position = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));
    const checks = position(/npm run --silent compose -- --check && npm run --silent typecheck/);
    const build = position(/^npm run --silent build$/);
    const prune = position(/^npm prune --omit=dev\b/);
    expect(checks).toBeGreaterThanOrEqual(0);
    expect(build).toBeGreaterThan(checks);
    expect(prune).toBeGreaterThan(build);
    // The runtime stage takes the production dependencies and the build, not the sources.
    expect(takenFromBuild().sort()).toEqual([BUILD_DIR, 'node_modules', 'package.json'].sort());
  });

  it.each(SERVICES)('%s: ships every file its entry point loads', (service) => {
    const missing = localModules(entryPointOf(service)).filter((file) => !isShipped(file));
    expect(missing).toEqual([]);
  });

  it('ships the data files the services read at run time', () => {
    const files = [
      configOf('gateway').supergraphPath,
      PERSISTED_OPERATIONS_FILE,
      ...SUBGRAPH_NAMES.map((name) => SUBGRAPHS[name].dataDir),
      ...SUBGRAPH_NAMES.flatMap((name) => SUBGRAPHS[name].seedWith),
      ...SUBGRAPH_NAMES.map((name) => path.join(ROOT, 'subgraphs', name, 'schema.graphql')),
    ].map((file) => path.relative(ROOT, file));
    expect(files.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
    expect(files.flatMap(filesOf).filter((file) => !isShipped(file))).toEqual([]);
  });

  it('copies only what the build context holds', () => {
    const sources = stages.flatMap((stage) =>
      copiesOf(stage).flatMap((copy) => (copy.from ? [] : copy.sources)),
    );
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
    expect(sources.filter((s) => !fs.existsSync(path.join(ROOT, s)))).toEqual([]);
    expect(sources.filter(excludedFromContext)).toEqual([]);
    expect(excludedFromContext('.git/config')).toBe(true);
    expect(excludedFromContext('.data/payments/PG_VERSION')).toBe(true);
  });

  it("bounds every service's heap to the default memory budget, unless its arguments say otherwise", () => {
    const options = runtime.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => /^NODE_OPTIONS="(.*)"$/.exec(i.args)?.[1])
      .find((value) => value !== undefined);
    expect(options?.split(' ')).toEqual(heapFlags(DEFAULT_PROCESS_MEMORY_MB));
  });

  it('runs as a numeric non-root user, which runAsNonRoot can verify', () => {
    const user = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args ?? '0';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
  });
});
