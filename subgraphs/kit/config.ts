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
  EnvReader,
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

/** Development-only signing secrets for payment requests, one per order owner. */
export const DEVELOPMENT_PAYMENT_REQUEST_SECRETS: Record<'food' | 'commerce', string> = {
  food: 'hutong-development-food-payments-secret',
  commerce: 'hutong-development-commerce-payments-secret',
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

export interface SubgraphConfig extends CommonConfig {
  name: SubgraphName;
  port: number;
  database: DatabaseConfig;
  /**
   * HMAC secrets with which each order owner signs the payment and refund
   * requests it issues; payments verifies them, so a client cannot change an amount.
   */
  paymentRequestSecrets: Record<OrderOwner, string>;
  /** The credential a request must carry to be served: only the gateway has it. */
  gatewaySecret: string;
  /** Megabytes the process may use (its container's limit); its V8 heap is sized from it. */
  memoryMb: number;
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const reader = new EnvReader(env);
  const upper = name.toUpperCase();
  const base = readCommonConfig(reader, env, {
    variable: `HUTONG_${upper}_METRICS_PORT`,
    productionPort: DEFAULT_SUBGRAPH_METRICS_PORTS[name],
  });
  const paymentRequestSecrets = { ...DEVELOPMENT_PAYMENT_REQUEST_SECRETS };
  for (const owner of ORDER_OWNERS) {
    paymentRequestSecrets[owner] = reader.secret(
      `HUTONG_${owner.toUpperCase()}_PAYMENT_SECRET`,
      `signs ${owner}'s payment requests`,
      base.env,
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS[owner],
      name === 'payments' || name === owner,
    );
  }
  const servicePort = reader.read(`HUTONG_${upper}_PORT`, port, DEFAULT_SUBGRAPH_PORTS[name]);
  checkMetricsPort(reader, base, servicePort, `HUTONG_${upper}_METRICS_PORT`);
  const memoryMb = reader.read('HUTONG_MEMORY_MB', positiveInt, DEFAULT_PROCESS_MEMORY_MB);
  if (memoryMb < MIN_PROCESS_MEMORY_MB)
    reader.problems.push(
      `HUTONG_MEMORY_MB=${memoryMb}: a subgraph process needs at least ${MIN_PROCESS_MEMORY_MB}`,
    );
  return reader.finish({
    ...base,
    name,
    memoryMb,
    paymentRequestSecrets,
    gatewaySecret: reader.secret(
      'HUTONG_GATEWAY_SECRET',
      'the credential subgraphs require of the gateway',
      base.env,
      DEVELOPMENT_GATEWAY_SECRET,
    ),
    port: servicePort,
    database: {
      url: reader.optional(`${upper}_DATABASE_URL`, url) ?? reader.optional('DATABASE_URL', url),
      dataDir: path.resolve(PROJECT_ROOT, reader.read('HUTONG_DATA_DIR', z.string(), '.data')),
      seed: reader.read('HUTONG_SEED', bool, base.env !== 'production'),
      poolSize:
        reader.optional(`HUTONG_${upper}_DB_POOL_SIZE`, positiveInt) ??
        reader.read('HUTONG_DB_POOL_SIZE', positiveInt, 10),
      statementTimeoutMs:
        reader.optional(`HUTONG_${upper}_DB_STATEMENT_TIMEOUT_MS`, milliseconds) ??
        reader.read('HUTONG_DB_STATEMENT_TIMEOUT_MS', milliseconds, 5000),
      connectTimeoutMs: reader.read('HUTONG_DB_CONNECT_TIMEOUT_MS', positiveInt, 5000),
    },
  });
}
