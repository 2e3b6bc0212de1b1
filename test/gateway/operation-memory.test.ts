/**
 * Apollo keeps every operation it has parsed and every query plan it has made,
 * by default up to 30 MiB each by its own estimate — several times that in
 * the heap, more than a gateway process's whole old generation. A client
 * sending ever new operations (free text outside persisted-only mode) must
 * not grow the gateway's heap past HUTONG_OPERATION_CACHE_MB's bound.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { createGateway, type GatewayService } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { postGraphQL, silentLog, testGatewayConfig } from '../support/harness';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const OPERATIONS = 1000;
/**
 * Bounded at 1 MB each by Apollo's estimate, the two stores hold about 14 MB
 * of heap once full (measured at 400 and 600 operations alike); unbounded,
 * each new operation and its plan keep about 45 KB: 44 MB for these.
 */
const BOUNDED_GROWTH_MB = 20;

function heapUsedMb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** A different document each time: another alias, another page size. */
function operation(i: number): string {
  return `query Shop${i} {
    nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: ${1 + (i % 20)}) {
      edges { node { id name alias${i}: nameEn products(first: 2) { id name }
        delivery(to: { lat: 30.25, lng: 120.16 }) { fee } } }
    }
  }`;
}

describe('operations and query plans in memory', () => {
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    gateway = await createGateway({
      config: testGatewayConfig({
        HUTONG_OPERATION_CACHE_MB: '1',
        HUTONG_CACHE_RESPONSES: 'false',
        HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false',
        // Fetches that fail fast, with no pause between attempts.
        HUTONG_SUBGRAPH_RETRIES: '0',
        HUTONG_RATE_USER_BURST: '100000',
        HUTONG_RATE_APP_BURST: '100000',
      }),
      supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
      // Nothing listens there: every operation is planned, and its fetches fail at once.
      subgraphUrls: Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [name, 'http://127.0.0.1:9/graphql']),
      ),
      log: silentLog,
    });
    url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
  });
  afterAll(() => gateway.close());

  it('stay within their bound however many different operations clients send', async () => {
    // The first ones warm what every request uses, which is not what this measures.
    for (let i = 0; i < 50; i++) await postGraphQL(url, operation(-i - 1));
    const before = heapUsedMb();
    for (let i = 0; i < OPERATIONS; i++) {
      const { status, body } = await postGraphQL(url, operation(i));
      expect({ status, code: body.errors?.[0]?.extensions?.code }).toEqual({
        status: 200,
        code: 'SUBGRAPH_UNAVAILABLE',
      });
    }
    // Bounded, the two stores stop growing at a few megabytes whatever the count.
    expect(heapUsedMb() - before).toBeLessThan(BOUNDED_GROWTH_MB);
    // 1,000 operations, each parsed, validated, authorized, costed and planned.
  }, 240_000);
});
