/**
 * Boots real services for tests: subgraphs on in-memory PGlite with the seed
 * data, listening on port 0, and the gateway routed to them. Each service
 * counts the HTTP requests it receives so tests can assert fetch counts.
 */
import fs from 'node:fs';
import { listClientOperationFiles } from '../../lib/client-operations';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import {
  DEVELOPMENT_JWT_SECRET,
  loadGatewayConfig,
  type GatewayConfig,
} from '../../gateway/config';
import { loadSubgraphConfig, type SubgraphConfig } from '../../subgraphs/kit/config';
import {
  openDatabase,
  type Database,
  type OpenDatabaseOptions,
} from '../../subgraphs/kit/database';
import { openEmptyPglite, openSeededPglite, openSeededPglites } from './database-templates';
import { CREDENTIAL_HEADER, signCredential } from '../../lib/credential';
import { ALL_SCOPES, type Scope } from '../../lib/identity';
import { createLogger, type Logger } from '../../lib/logger';
import {
  createSubgraphService,
  prepareDatabase,
  type SubgraphDefinition,
  type SubgraphService,
} from '../../subgraphs/kit/subgraph';
import { signDevelopmentToken } from '../../gateway/auth';
import { createGateway, type GatewayService } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs';

export const silentLog = createLogger('test', 'silent');

/**
 * The credential secret the test subgraphs and gateways share. Not the development
 * one: production refuses that, and the production tests run a production gateway.
 */
export const TEST_GATEWAY_SECRET = 'test-gateway-secret-6f1d9c2a8b7e4035';

export interface GraphQLResponse<Data = any> {
  status: number;
  body: {
    data?: Data | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  };
  raw: string;
  headers: Headers;
}

export interface RunningSubgraph {
  service: SubgraphService;
  db: Database;
  url: string;
  /** GraphQL requests received so far. */
  requests: () => number;
}

export type StorageMode = 'pglite' | 'postgres';

/**
 * The storages a storage test runs on: PGlite always, PostgreSQL when
 * DATABASE_URL is set. CI sets it; there a missing server fails the run.
 */
export function storageModes(): StorageMode[] {
  if (testDatabaseUrl()) return ['pglite', 'postgres'];
  if (process.env.CI === 'true') {
    throw new Error('CI runs the storage tests on PostgreSQL too: set DATABASE_URL');
  }
  return ['pglite'];
}

/**
 * The Redis the shared-state tests use: REDIS_URL. Without it they are
 * skipped; CI sets it, and there a missing setting or server fails the run.
 */
export function testRedisUrl(): string | undefined {
  const url = process.env.REDIS_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI runs the shared-state tests on Redis too: set REDIS_URL');
  }
  return url;
}

export function testDatabaseUrl(): string | undefined {
  return loadSubgraphConfig('payments').database.url;
}

let schemaCounter = 0;

/**
 * A fresh, empty database: in-memory PGlite (a copy of a new cluster, see
 * database-templates.ts), or a PostgreSQL schema of its own dropped on close.
 */
export async function openTestDatabase(
  name: string,
  storage: StorageMode = 'pglite',
  options: TestDatabaseOptions = {},
): Promise<Database> {
  if (storage === 'pglite') return openEmptyPglite(name);
  const url = testDatabaseUrl();
  if (!url) throw new Error('DATABASE_URL must point at PostgreSQL for PostgreSQL tests');
  const schema = `${name}_test_${process.pid}_${++schemaCounter}`;
  const db = await openDatabase({ name: schema, url, poolSize: 30, ...options });
  const close = db.close.bind(db);
  return Object.assign(db, {
    close: async () => {
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await close();
    },
  });
}

/**
 * PostgreSQL settings a test may choose (the database name and URL are the
 * harness's), and where the service and its database log (nowhere by default).
 */
export type TestDatabaseOptions = Pick<
  OpenDatabaseOptions,
  'statementTimeoutMs' | 'connectTimeoutMs' | 'log'
>;

export async function startSubgraph<L>(
  definition: SubgraphDefinition<L>,
  storage: StorageMode = 'pglite',
  database: TestDatabaseOptions = {},
): Promise<RunningSubgraph> {
  const db = await openSeededTestDatabase(definition, storage, database);
  return serveSubgraph(definition, db, database.log);
}

/** `definition`'s database, migrated and seeded: a copy of its PGlite template, or a PostgreSQL schema. */
async function openSeededTestDatabase<L>(
  definition: SubgraphDefinition<L>,
  storage: StorageMode,
  database: TestDatabaseOptions,
): Promise<Database> {
  if (storage === 'pglite') return openSeededPglite(definition);
  const db = await openTestDatabase(definition.name, storage, database);
  await prepareDatabase(definition, db, true);
  return db;
}

/** `definition` served on port 0 over `db`, seeded already. */
async function serveSubgraph<L>(
  definition: SubgraphDefinition<L>,
  db: Database,
  log: Logger = silentLog,
  env: Record<string, string> = {},
): Promise<RunningSubgraph> {
  const config = testSubgraphConfig(definition.name, env);
  const service = await createSubgraphService(definition, { config, db, log });
  let requests = 0;
  service.app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/graphql')) requests++;
  });
  const url = `${await service.listen(0, '127.0.0.1')}/graphql`;
  subgraphsByUrl.set(url, definition.name);
  return { service, db, url, requests: () => requests };
}

export interface RunningGraph {
  gateway: GatewayService;
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  close(): Promise<void>;
}

/** The gateway's configuration for tests: the defaults of NODE_ENV=test, with `env` on top. */
/** A gateway that sends every fetch to the subgraphs: for tests that count what reaches them. */
export const UNCACHED_GATEWAY_ENV = {
  HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false',
  HUTONG_CACHE_RESPONSES: 'false',
};

/** A subgraph's configuration for tests: the defaults of NODE_ENV=test, with `env` on top. */
export function testSubgraphConfig(
  name: SubgraphName,
  env: Record<string, string> = {},
): SubgraphConfig {
  return loadSubgraphConfig(name, {
    NODE_ENV: 'test',
    HUTONG_GATEWAY_SECRET: TEST_GATEWAY_SECRET,
    ...env,
  });
}

export function testGatewayConfig(env: Record<string, string> = {}): GatewayConfig {
  return loadGatewayConfig({
    NODE_ENV: 'test',
    HUTONG_GATEWAY_SECRET: TEST_GATEWAY_SECRET,
    ...env,
  });
}

export interface GatewayOptions {
  gatewayEnv?: Record<string, string>;
  /** Where the gateway reaches a subgraph, given where it listens (to put a proxy between). */
  route?: (name: SubgraphName, url: string) => string | Promise<string>;
  /** Where the gateway logs; nowhere by default. */
  log?: Logger;
}

export interface RunningGateway {
  gateway: GatewayService;
  gatewayUrl: string;
  close(): Promise<void>;
}

/** A gateway over the committed supergraph, routed to running subgraphs. */
export async function startGateway(
  subgraphs: Record<SubgraphName, RunningSubgraph>,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const gateway = await createGateway({
    config: testGatewayConfig(options.gatewayEnv),
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: Object.fromEntries(
      await Promise.all(
        SUBGRAPH_NAMES.map(async (name) => [
          name,
          options.route ? await options.route(name, subgraphs[name].url) : subgraphs[name].url,
        ]),
      ),
    ),
    log: options.log ?? silentLog,
  });
  const gatewayUrl = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
  return { gateway, gatewayUrl, close: () => gateway.close() };
}

/**
 * All five subgraphs, each on a seeded database of its own: on PGlite a schema
 * each of one in-memory PGlite, on PostgreSQL a schema each dropped on close.
 * `database` gives a subgraph's database settings and where it logs.
 */
export async function startSubgraphs(
  storage: StorageMode = 'pglite',
  database: (name: SubgraphName) => TestDatabaseOptions = () => ({}),
  options: {
    /** Where food and commerce reach payments, given where it listens (to put a proxy between). */
    routeToPayments?: (paymentsUrl: string) => string | Promise<string>;
  } = {},
): Promise<Record<SubgraphName, RunningSubgraph>> {
  const databases =
    storage === 'pglite'
      ? await openSeededDatabases()
      : byName(
          await Promise.all(
            SUBGRAPH_NAMES.map((name) =>
              openSeededTestDatabase(SUBGRAPHS[name], storage, database(name)),
            ),
          ),
        );
  // Food and commerce close orders at the wallet as they cancel them: payments listens first.
  const payments = await serveSubgraph(
    SUBGRAPHS.payments,
    databases.payments,
    database('payments').log,
  );
  const paymentsUrl = options.routeToPayments
    ? await options.routeToPayments(payments.url)
    : payments.url;
  const others = await Promise.all(
    SUBGRAPH_NAMES.filter((name) => name !== 'payments').map((name) =>
      serveSubgraph(SUBGRAPHS[name], databases[name], database(name).log, {
        HUTONG_PAYMENTS_URL: paymentsUrl,
      }),
    ),
  );
  return byName([payments, ...others]);
}

/** The five subgraphs' seeded databases, a schema each of one in-memory PGlite. */
export async function openSeededDatabases(): Promise<Record<SubgraphName, Database>> {
  // Payments has a PGlite of its own: food and commerce call it while their cancel's
  // transaction holds theirs (subgraphs/kit/wallet-closure.ts), and one connection
  // taken in turns would wait on itself.
  const others = SUBGRAPH_NAMES.filter((name) => name !== 'payments');
  const definitions = (names: readonly SubgraphName[]) =>
    names.map((name) => SUBGRAPHS[name] as SubgraphDefinition<unknown>);
  const [[payments], rest] = await Promise.all([
    openSeededPglites(definitions(['payments'])),
    openSeededPglites(definitions(others)),
  ]);
  return byName([payments!, ...rest]);
}

function byName<T>(inNameOrder: T[]): Record<SubgraphName, T> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, inNameOrder[i]!])) as Record<
    SubgraphName,
    T
  >;
}

export async function stopSubgraphs(
  subgraphs: Record<SubgraphName, RunningSubgraph>,
): Promise<void> {
  for (const subgraph of Object.values(subgraphs)) {
    await subgraph.service.close();
    await subgraph.db.close();
  }
}

/** All five subgraphs and the gateway over the committed supergraph. */
export async function startGraph(options: GatewayOptions = {}): Promise<RunningGraph> {
  const subgraphs = await startSubgraphs();
  const { gateway, gatewayUrl } = await startGateway(subgraphs, options);
  return {
    gateway,
    gatewayUrl,
    subgraphs,
    close: async () => {
      await gateway.close();
      await stopSubgraphs(subgraphs);
    },
  };
}

/** The subgraphs started by this harness (or registered), by their GraphQL URL. */
const subgraphsByUrl = new Map<string, string>();

/** `postGraphQL` to `url` signs the gateway's credential for subgraph `name` (a subgraph process a test started). */
export function speakToSubgraphAsGateway(url: string, name: string): void {
  subgraphsByUrl.set(url, name);
}

/**
 * Tests speak to a subgraph as the gateway does: `postGraphQL` to a subgraph
 * started here signs a credential for the user named in this header (none:
 * anonymous) with the scopes of `TEST_SCOPES_HEADER` (default: all of them).
 * Neither header is sent.
 */
export const TEST_VIEWER_HEADER = 'x-test-viewer';
export const TEST_SCOPES_HEADER = 'x-test-scopes';

/** The credential the gateway would sign for this fetch to `subgraph`. */
export function gatewayCredential(
  subgraph: string,
  body: string,
  caller: { userId?: string | null; appId?: string | null; scopes?: readonly Scope[] } = {},
): Record<string, string> {
  return {
    [CREDENTIAL_HEADER]: signCredential(TEST_GATEWAY_SECRET, {
      audience: subgraph,
      caller: {
        userId: caller.userId ?? null,
        appId: caller.appId ?? null,
        scopes: new Set(caller.scopes ?? ALL_SCOPES),
      },
      requestId: `test-${Math.random().toString(36).slice(2, 12)}`,
      body,
    }),
  };
}

export async function postGraphQL<Data = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const body = JSON.stringify({ query, variables });
  const { [TEST_VIEWER_HEADER]: viewer, [TEST_SCOPES_HEADER]: scopes, ...sent } = headers;
  const subgraph = subgraphsByUrl.get(url);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(subgraph
        ? gatewayCredential(subgraph, body, {
            userId: viewer ?? null,
            ...(scopes !== undefined
              ? { scopes: scopes.split(' ').filter(Boolean) as Scope[] }
              : {}),
          })
        : {}),
      ...sent,
    },
    body,
  });
  const raw = await response.text();
  return { status: response.status, body: JSON.parse(raw), raw, headers: response.headers };
}

/** The app tests sign in to unless they name another (schema/apps.yaml). */
export const TEST_APP_ID = 'hutong-demo';

export interface TestTokenOptions {
  app?: string;
  /** Default: every scope the app may ask for. */
  scopes?: readonly string[];
  expiresIn?: string | number;
  secret?: string;
}

/** A development access token of `userId` in the demo app, granting all it may ask for. */
export function accessToken(userId: string, options: TestTokenOptions = {}): string {
  const config = testGatewayConfig();
  return signDevelopmentToken(
    {
      userId,
      appId: options.app ?? TEST_APP_ID,
      scopes: options.scopes ?? DEMO_APP_SCOPES,
      expiresIn: options.expiresIn ?? '1h',
    },
    { ...config.tokens, secret: options.secret ?? DEVELOPMENT_JWT_SECRET },
  );
}

/** The demo app may ask for every scope (schema/apps.yaml). */
const DEMO_APP_SCOPES: readonly string[] = ALL_SCOPES;

export function bearer(userId: string, options: TestTokenOptions = {}): Record<string, string> {
  return { authorization: `Bearer ${accessToken(userId, options)}` };
}

/** The text of client operation `name`, whichever screen folder of schema/operations/ holds it. */
export function readOperation(name: string): string {
  const file = listClientOperationFiles(path.join(__dirname, '../../schema/operations')).find(
    ({ relativePath }) => path.basename(relativePath) === `${name}.graphql`,
  );
  if (!file) throw new Error(`no client operation ${name} under schema/operations/`);
  return fs.readFileSync(file.absolutePath, 'utf8');
}

/** West Lake's Hubin shore: the point the seed data is arranged around. */
export const HUBIN = { lat: 30.2575, lng: 120.1655 };

/**
 * KFC's owner maps GOLD wallets onto a member tier of `discountPercent` (17%
 * unless told) through a gateway: a write that changes the member offers every
 * GOLD member of KFC sees.
 */
export async function remapKfcGoldTier(
  gatewayUrl: string,
  discountPercent = KFC_GOLD_DISCOUNT,
): Promise<void> {
  const { body } = await postGraphQL(
    gatewayUrl,
    `mutation ($input: MerchantTierMappingSetInput!) {
      merchantTierMappingSet(input: $input) { userErrors { code } }
    }`,
    {
      input: {
        merchantId: 'm-kfc',
        walletTier: 'GOLD',
        merchantTier: '金卡 Gold Card',
        discountPercent,
        description: '全单八三折',
      },
    },
    bearer('owner-kfc'),
  );
  if (body.data?.merchantTierMappingSet.userErrors.length !== 0)
    throw new Error(`remapping KFC's GOLD tier failed: ${JSON.stringify(body)}`);
}

export const KFC_GOLD_DISCOUNT = 17;
