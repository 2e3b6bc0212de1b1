/**
 * Anonymous rate limits count per client address. Behind an HTTP proxy the
 * gateway believes X-Forwarded-For only from the proxies HUTONG_TRUST_PROXY
 * names, so clients behind a trusted proxy get buckets of their own and
 * nobody else can pick an address.
 */
import fs from 'node:fs';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { createGateway, type GatewayService } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/paths';
import { silentLog, testGatewayConfig } from '../support/harness';

const ONE_REQUEST_EACH = { HUTONG_RATE_USER_BURST: '1', HUTONG_RATE_USER_PER_SECOND: '1' };

async function gatewayTrusting(trustProxy: string | undefined): Promise<GatewayService> {
  return createGateway({
    config: testGatewayConfig({
      ...ONE_REQUEST_EACH,
      ...(trustProxy === undefined ? {} : { HUTONG_TRUST_PROXY: trustProxy }),
    }),
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    // `{ __typename }` reaches no subgraph.
    subgraphUrls: Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, 'http://127.0.0.1:9/graphql']),
    ),
    log: silentLog,
  });
}

/** Two anonymous requests from different clients, as a proxy on 127.0.0.1 forwards them. */
async function statusesForTwoClients(gateway: GatewayService): Promise<number[]> {
  const url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
  const statuses = [];
  for (const client of ['203.0.113.7', '198.51.100.20']) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe('rate limits behind a proxy', () => {
  it('gives each client behind a trusted proxy its own bucket', async () => {
    const gateway = await gatewayTrusting('127.0.0.1');
    try {
      expect(await statusesForTwoClients(gateway)).toEqual([200, 200]);
    } finally {
      await gateway.close();
    }
  });

  it('ignores X-Forwarded-For from anyone it does not trust', async () => {
    const gateway = await gatewayTrusting(undefined);
    try {
      // Both count against the proxy's own address: the second is refused.
      expect(await statusesForTwoClients(gateway)).toEqual([200, 429]);
    } finally {
      await gateway.close();
    }
  });
});
