/**
 * A subgraph's configuration, read from the environment once at start by its
 * entry point (subgraphs/kit/subgraph.ts `runSubgraph`); the reader and the
 * settings every service shares are lib/config.ts's.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  bool,
  checkMetricsPort,
  DEFAULT_PROCESS_MEMORY_MB,
  DEFAULT_SUBGRAPH_METRICS_PORTS,
  DEFAULT_SUBGRAPH_PORTS,
  DEVELOPMENT_GATEWAY_SECRET,
  DEVELOPMENT_SECRET_PREFIX,
  EnvReader,
  metricsPortSetting,
  milliseconds,
  MIN_PROCESS_MEMORY_MB,
  port,
  positiveInt,
  PROJECT_ROOT,
  readCommonConfig,
  url,
  type CommonConfig,
  type Env,
  type SubgraphName,
} from '../../lib/config';
import {
  Computed,
  inProduction,
  setting,
  SettingsReader,
  type SettingGroup,
} from '../../lib/settings';

/** Development-only signing secrets for payment requests, one per order owner. */
export const DEVELOPMENT_PAYMENT_REQUEST_SECRETS: Record<'food' | 'commerce', string> = {
  food: `${DEVELOPMENT_SECRET_PREFIX}food-payments-secret`,
  commerce: `${DEVELOPMENT_SECRET_PREFIX}commerce-payments-secret`,
};

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent the subgraph runs on embedded PGlite. */
  url: string | undefined;
  /** Where PGlite keeps its files (one folder per subgraph below it). */
  dataDir: string;
  /** Apply the seed data to an empty database. */
  seed: boolean;
  /** PostgreSQL only: connections this subgraph's pool may open. */
  poolSize: number;
  /** PostgreSQL only: a longer statement is cancelled (0: no limit). */
  statementTimeoutMs: number;
  /** PostgreSQL only: how long to wait for a connection, new or from the pool. */
  connectTimeoutMs: number;
}

/** The subgraphs that own orders and ask payments to charge for them. */
export const ORDER_OWNERS = ['food', 'commerce'] as const;
export type OrderOwner = (typeof ORDER_OWNERS)[number];

export function isOrderOwner(name: string): name is OrderOwner {
  return (ORDER_OWNERS as readonly string[]).includes(name);
}

export interface SubgraphConfig extends CommonConfig {
  name: SubgraphName;
  port: number;
  database: DatabaseConfig;
  /**
   * HMAC secrets with which each order owner signs the payment and refund
   * requests it issues; payments verifies them, so a client cannot change an amount.
   */
  paymentRequestSecrets: Record<OrderOwner, string>;
  /**
   * HMAC secret with which commerce signs the codes of the coupons it issues
   * and every order owner reads them (subgraphs/kit/coupon-codes.ts).
   */
  couponSecret: string;
  /**
   * HMAC secret with which payments signs the visit proof a payment leaves and
   * social checks it (subgraphs/kit/visit-proofs.ts).
   */
  visitProofSecret: string;
  /** The credential a request must carry to be served: only the gateway has it. */
  gatewaySecret: string;
  /** Megabytes the process may use (its container's limit); its V8 heap is sized from it. */
  memoryMb: number;
  /** Where an order owner closes an order at the wallet as it cancels it (subgraphs/kit/wallet-closure.ts). */
  paymentsUrl: string;
}

/** `HUTONG_<NAME>_METRICS_PORT`, for the subgraph named, or `<NAME>` for the reference. */
function metricsPort(name: SubgraphName | '<NAME>') {
  const upper = name.toUpperCase();
  return metricsPortSetting(
    `HUTONG_${upper}_METRICS_PORT`,
    name === '<NAME>'
      ? DEFAULT_SUBGRAPH_METRICS_PORTS.payments
      : DEFAULT_SUBGRAPH_METRICS_PORTS[name],
    name === '<NAME>' ? '`9091`–`9095` in production; unset otherwise' : undefined,
  );
}

/** The settings one subgraph reads under its own name; `<NAME>` gives the reference's. */
function perSubgraph(name: SubgraphName | '<NAME>') {
  const upper = name.toUpperCase();
  const named = name === '<NAME>' ? undefined : name;
  return {
    port: setting({
      name: `HUTONG_${upper}_PORT`,
      schema: port,
      default: named ? DEFAULT_SUBGRAPH_PORTS[named] : 0,
      shownDefault: '`4001`–`4005`',
      doc: 'subgraph port (`PAYMENTS`, `MAPS`, `FOOD`, `COMMERCE`, `SOCIAL`)',
    }),
    databaseUrl: setting<string | undefined>({
      name: `${upper}_DATABASE_URL`,
      schema: url,
      default: undefined,
      shownDefault: '`DATABASE_URL`',
      doc: "this subgraph's PostgreSQL instead of `DATABASE_URL`",
    }),
    poolSize: setting<number | undefined>({
      name: `HUTONG_${upper}_DB_POOL_SIZE`,
      schema: positiveInt,
      default: undefined,
      shownDefault: '`HUTONG_DB_POOL_SIZE`',
      doc: "this subgraph's own `HUTONG_DB_POOL_SIZE`",
    }),
    statementTimeoutMs: setting<number | undefined>({
      name: `HUTONG_${upper}_DB_STATEMENT_TIMEOUT_MS`,
      schema: milliseconds,
      default: undefined,
      shownDefault: '`HUTONG_DB_STATEMENT_TIMEOUT_MS`',
      doc: "this subgraph's own `HUTONG_DB_STATEMENT_TIMEOUT_MS`",
    }),
  };
}

/** An order owner's payment-request secret; required where it is used (payments and the owner). */
function paymentSecret(owner: OrderOwner, required = true) {
  return setting({
    name: `HUTONG_${owner.toUpperCase()}_PAYMENT_SECRET`,
    schema: z.string(),
    default: DEVELOPMENT_PAYMENT_REQUEST_SECRETS[owner],
    shownDefault: 'a development secret',
    secret: { purpose: `signs ${owner}'s payment requests`, required },
    doc: `HS256 secret with which ${owner} signs payment and refund requests; payments and ${owner} need the same value (required in production, 32+ characters)`,
  });
}

/** Development-only secret with which commerce signs coupon codes. */
export const DEVELOPMENT_COUPON_SECRET = `${DEVELOPMENT_SECRET_PREFIX}coupon-secret`;

/** Commerce signs coupon codes with it; every order owner checks them. */
function couponSecret(required = true) {
  return setting({
    name: 'HUTONG_COUPON_SECRET',
    schema: z.string(),
    default: DEVELOPMENT_COUPON_SECRET,
    shownDefault: 'a development secret',
    secret: { purpose: 'signs coupon codes', required },
    doc: 'HS256 secret with which commerce signs the codes of the coupons it issues and food and commerce read them; both need the same value (required in production, 32+ characters)',
  });
}

/** Development-only secret with which payments signs visit proofs. */
export const DEVELOPMENT_VISIT_PROOF_SECRET = `${DEVELOPMENT_SECRET_PREFIX}visit-proof-secret`;

/** Payments signs a payment's visit proof with it; social checks it (subgraphs/kit/visit-proofs.ts). */
function visitProofSecret(required = true) {
  return setting({
    name: 'HUTONG_VISIT_PROOF_SECRET',
    schema: z.string(),
    default: DEVELOPMENT_VISIT_PROOF_SECRET,
    shownDefault: 'a development secret',
    secret: { purpose: 'signs visit proofs', required },
    doc: 'HS256 secret with which payments signs the visit proof of a payment and social checks it before a visit counts for the traffic pledge; both need the same value (required in production, 32+ characters)',
  });
}

/** The subgraphs that sign or check visit proofs. */
const VISIT_PROOF_HOLDERS: readonly SubgraphName[] = ['payments', 'social'];

const GATEWAY_SECRET = setting({
  name: 'HUTONG_GATEWAY_SECRET',
  schema: z.string(),
  default: DEVELOPMENT_GATEWAY_SECRET,
  shownDefault: 'a development secret',
  secret: { purpose: 'the credential subgraphs require of the gateway' },
  doc: "the gateway's credential a request must carry (the gateway's `HUTONG_GATEWAY_SECRET`)",
});
const PAYMENTS_URL = setting({
  name: 'HUTONG_PAYMENTS_URL',
  schema: url,
  default: new Computed(
    '`http://127.0.0.1:<HUTONG_PAYMENTS_PORT>/graphql` (required in production)',
  ),
  doc: "food and commerce: the payments subgraph's GraphQL URL, beside which they close an order at the wallet as they cancel it (the gateway's `HUTONG_PAYMENTS_URL`)",
});
const MEMORY_MB = setting({
  name: 'HUTONG_MEMORY_MB',
  schema: positiveInt,
  default: DEFAULT_PROCESS_MEMORY_MB,
  doc: `megabytes the subgraph process may use (its container's limit); its V8 heap is sized from it; at least ${MIN_PROCESS_MEMORY_MB}`,
});
const DATABASE_URL = setting<string | undefined>({
  name: 'DATABASE_URL',
  schema: url,
  default: undefined,
  doc: 'use PostgreSQL instead of PGlite; each subgraph gets its own schema',
});
const DATA_DIR = setting({
  name: 'HUTONG_DATA_DIR',
  schema: z.string(),
  default: '.data',
  doc: "where embedded PGlite keeps each subgraph's database",
});
const SEED = setting({
  name: 'HUTONG_SEED',
  schema: bool,
  default: inProduction(false, true),
  doc: 'load the seed data into an empty database',
});
const DB_POOL_SIZE = setting({
  name: 'HUTONG_DB_POOL_SIZE',
  schema: positiveInt,
  default: 10,
  doc: 'PostgreSQL connections a subgraph may open',
});
const DB_STATEMENT_TIMEOUT_MS = setting({
  name: 'HUTONG_DB_STATEMENT_TIMEOUT_MS',
  schema: milliseconds,
  default: 5000,
  doc: 'PostgreSQL cancels a longer statement and the client gets a masked error; `0` for no limit; migrations and seeds have none',
});
const DB_CONNECT_TIMEOUT_MS = setting({
  name: 'HUTONG_DB_CONNECT_TIMEOUT_MS',
  schema: positiveInt,
  default: 5000,
  doc: 'how long a subgraph waits for a PostgreSQL connection, new or from a busy pool',
});

/** Every subgraph setting, by concern, as the configuration reference shows them (schema/config-docs.ts). */
export const SUBGRAPH_SETTING_GROUPS: readonly SettingGroup[] = (() => {
  const template = perSubgraph('<NAME>');
  return [
    {
      title: 'Subgraphs: processes and secrets',
      intro:
        "`<NAME>` is the subgraph's name in capitals: `PAYMENTS`, `MAPS`, `FOOD`, `COMMERCE`, `SOCIAL`.",
      settings: [
        template.port,
        metricsPort('<NAME>'),
        MEMORY_MB,
        GATEWAY_SECRET,
        ...ORDER_OWNERS.map((owner) => paymentSecret(owner)),
        couponSecret(),
        visitProofSecret(),
        PAYMENTS_URL,
      ],
    },
    {
      title: 'Subgraphs: database',
      settings: [
        DATABASE_URL,
        template.databaseUrl,
        DATA_DIR,
        SEED,
        DB_POOL_SIZE,
        template.poolSize,
        DB_STATEMENT_TIMEOUT_MS,
        template.statementTimeoutMs,
        DB_CONNECT_TIMEOUT_MS,
      ],
    },
  ];
})();

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const reader = new EnvReader(env);
  const upper = name.toUpperCase();
  const base = readCommonConfig(reader, env, metricsPort(name));
  const settings = new SettingsReader(reader, base.env);
  const get = settings.get.bind(settings) as SettingsReader['get'];
  const paymentRequestSecrets = { ...DEVELOPMENT_PAYMENT_REQUEST_SECRETS };
  for (const owner of ORDER_OWNERS)
    paymentRequestSecrets[owner] = get(paymentSecret(owner, name === 'payments' || name === owner));
  const subgraph = perSubgraph(name);
  const servicePort = get(subgraph.port);
  checkMetricsPort(reader, base, servicePort, `HUTONG_${upper}_METRICS_PORT`);
  // In production the wallet is another host: an order owner must be told where.
  if (base.env === 'production' && isOrderOwner(name) && !env[PAYMENTS_URL.name])
    reader.problems.push(
      `${PAYMENTS_URL.name} is required in production for ${name}, which closes orders at the wallet as it cancels them`,
    );
  const memoryMb = get(MEMORY_MB);
  if (memoryMb < MIN_PROCESS_MEMORY_MB)
    reader.problems.push(
      `HUTONG_MEMORY_MB=${memoryMb}: a subgraph process needs at least ${MIN_PROCESS_MEMORY_MB}`,
    );
  return reader.finish({
    ...base,
    name,
    memoryMb,
    paymentRequestSecrets,
    couponSecret: get(couponSecret(isOrderOwner(name))),
    visitProofSecret: get(visitProofSecret(VISIT_PROOF_HOLDERS.includes(name))),
    gatewaySecret: get(GATEWAY_SECRET),
    paymentsUrl: get(PAYMENTS_URL, `http://127.0.0.1:${get(perSubgraph('payments').port)}/graphql`),
    port: servicePort,
    database: {
      url: get(subgraph.databaseUrl) ?? get(DATABASE_URL),
      dataDir: path.resolve(PROJECT_ROOT, get(DATA_DIR)),
      seed: get(SEED),
      poolSize: get(subgraph.poolSize) ?? get(DB_POOL_SIZE),
      statementTimeoutMs: get(subgraph.statementTimeoutMs) ?? get(DB_STATEMENT_TIMEOUT_MS),
      connectTimeoutMs: get(DB_CONNECT_TIMEOUT_MS),
    },
  });
}
