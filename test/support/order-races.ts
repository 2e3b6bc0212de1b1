/**
 * A graph for one customer racing orders, payments, cancels and releases:
 * production configuration, a faulty proxy between the order owners and the
 * wallet's order closures, and rate limits far beyond a person's.
 */
import type { SubgraphName } from '../../lib/config';
import { ORDER_CLOSURES_PATH } from '../../subgraphs/kit/wallet-closure';
import { startFaultySubgraph, type FaultySubgraph } from './faults';
import {
  postGraphQL,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  UNCACHED_GATEWAY_ENV,
  type RunningGateway,
  type RunningSubgraph,
  type StorageMode,
} from './harness';
import { PRODUCTION_ENV, productionBearer } from './production';

export interface RacingGraph {
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  gateway: RunningGateway;
  /** Between food and commerce and the wallet's order closures. */
  wallet: FaultySubgraph;
  /** The customer's GraphQL request through the gateway; its data, or throws on errors. */
  gql(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** A fresh idempotency key. */
  key(what: string): string;
  /** The customer pays with `paymentRequest`: paymentCreate's payload. */
  pay(paymentRequest: string): Promise<any>;
  close(): Promise<void>;
}

export async function startRacingGraph(
  storage: StorageMode,
  customer: string,
): Promise<RacingGraph> {
  let wallet: FaultySubgraph | undefined;
  const subgraphs = await startSubgraphs(storage, undefined, {
    routeToPayments: async (paymentsUrl) => {
      wallet = await startFaultySubgraph(new URL(ORDER_CLOSURES_PATH, paymentsUrl).toString());
      return wallet.url;
    },
  });
  const gateway = await startGateway(subgraphs, {
    gatewayEnv: {
      ...PRODUCTION_ENV,
      ...UNCACHED_GATEWAY_ENV,
      HUTONG_PERSISTED_ONLY: 'false',
      // One customer races many orders here, far beyond a person's rate.
      HUTONG_RATE_USER_BURST: '100000',
      HUTONG_RATE_USER_PER_SECOND: '100000',
      // On PGlite an owner's cancels take turns on its one connection while each closes the
      // order at the wallet: twenty at once on a busy machine outlast the default 5 s.
      HUTONG_SUBGRAPH_TIMEOUT_MS: '20000',
    },
  });
  let keys = 0;
  const key = (what: string) => `${what}-${storage}-${++keys}`;
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await postGraphQL(
      gateway.gatewayUrl,
      query,
      variables,
      productionBearer(customer),
    );
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return {
    subgraphs,
    gateway,
    wallet: wallet!,
    gql,
    key,
    pay: async (paymentRequest) =>
      (
        await gql(
          `mutation ($input: PaymentCreateInput!) { paymentCreate(input: $input) {
            payment { id status } userErrors { code } } }`,
          { input: { paymentRequest, idempotencyKey: key('pay') } },
        )
      ).paymentCreate,
    close: async () => {
      await gateway.close();
      await stopSubgraphs(subgraphs);
      await wallet!.close();
    },
  };
}
