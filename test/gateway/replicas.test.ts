/**
 * Two gateway replicas on one Redis share what they must: cached entities and
 * responses (and their invalidation, whichever caches are on), operations
 * registered by APQ, and rate limits.
 * Without Redis a gateway keeps serving on in-process state and says so.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { SubgraphName } from '../../lib/config';
import {
  bearer,
  HUBIN,
  KFC_GOLD_DISCOUNT,
  postGraphQL,
  readOperation,
  remapKfcGoldTier,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  testRedisUrl,
  type RunningGateway,
  type RunningSubgraph,
} from '../support/harness';
import { freePort } from '../support/processes';

const HOME = readOperation('MiniProgramHome');
const HEYTEA_STORE = 'store-heytea-in77';
const KFC_STORE = 'store-kfc-hubin';
const redisUrl = testRedisUrl();

(redisUrl ? describe : describe.skip)('gateway replicas on one Redis', () => {
  const replicas = replicasOnOneRedis({
    HUTONG_RATE_USER_BURST: '3',
    HUTONG_RATE_USER_PER_SECOND: '1',
  });

  it('serves on one replica the entities the other cached, and drops them on both after a mutation', async () => {
    // Lin's and demo's homes fill the shared caches through A; Zhao's, through B, needs nothing public from maps.
    await postGraphQL(replicas.a.gatewayUrl, HOME, HUBIN, bearer('u-lin'));
    await postGraphQL(replicas.a.gatewayUrl, HOME, HUBIN, bearer('demo'));
    const mapsBefore = replicas.subgraphs.maps.requests();
    const forZhao = await postGraphQL(replicas.b.gatewayUrl, HOME, HUBIN, bearer('u-zhao'));
    expect(forZhao.body.errors).toBeUndefined();
    expect(replicas.subgraphs.maps.requests()).toBe(mapsBefore);

    // KFC's owner remaps a tier through A: the member offers both replicas cached must go.
    await remapKfcGoldTier(replicas.a.gatewayUrl);

    const forDemo = await postGraphQL(replicas.b.gatewayUrl, HOME, HUBIN, bearer('demo'));
    const kfc = forDemo.body.data.nearbyStores.edges.find(
      (edge: { node: { id: string } }) => edge.node.id === KFC_STORE,
    );
    expect(kfc.node.memberOffer.discountPercent).toBe(KFC_GOLD_DISCOUNT);
  });

  it('answers on one replica an operation registered through APQ on the other', async () => {
    const query = `query ReplicaApq { trendingTopics(first: 1) { id } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const registered = await post(replicas.a, { query, extensions });
    expect(registered.errors).toBeUndefined();

    const byHash = await post(replicas.b, { extensions });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(registered.data);
  });

  it('counts one user’s requests against one limit, whichever replica takes them', async () => {
    const user = bearer('u-rate-limited');
    const statuses = [];
    for (const replica of [replicas.a, replicas.b, replicas.a, replicas.b]) {
      statuses.push((await postGraphQL(replica.gatewayUrl, '{ __typename }', {}, user)).status);
    }
    // A burst of 3 for the user across both: each replica alone would have allowed all four.
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

(redisUrl ? describe : describe.skip)(
  'gateway replicas on one Redis, with only the response cache',
  () => {
    const replicas = replicasOnOneRedis({ HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false' });

    /** `user`'s member offer at a store on their home, through B: from B's response cache when it holds it. */
    const offerThroughB = async (user: string, storeId: string) => {
      const { body } = await postGraphQL(replicas.b.gatewayUrl, HOME, HUBIN, bearer(user));
      expect(body.errors).toBeUndefined();
      return body.data.nearbyStores.edges.find(
        (edge: { node: { id: string } }) => edge.node.id === storeId,
      ).node.memberOffer;
    };

    it('drops on the other replica the responses a mutation changed: its user’s, and everyone’s', async () => {
      for (const [user, storeId] of [
        ['u-zhao', HEYTEA_STORE],
        ['demo', KFC_STORE],
      ] as const) {
        await offerThroughB(user, storeId);
        const asked = replicas.subgraphs.payments.requests();
        await offerThroughB(user, storeId);
        expect(replicas.subgraphs.payments.requests()).toBe(asked);
      }

      const joined = await postGraphQL(
        replicas.a.gatewayUrl,
        `mutation ($input: LightMembershipJoinInput!) {
          lightMembershipJoin(input: $input) { userErrors { code } }
        }`,
        { input: { merchantId: 'm-heytea', idempotencyKey: 'replicas-zhao-heytea' } },
        bearer('u-zhao'),
      );
      expect(joined.body.data.lightMembershipJoin.userErrors).toEqual([]);
      await remapKfcGoldTier(replicas.a.gatewayUrl);

      expect((await offerThroughB('u-zhao', HEYTEA_STORE)).isMember).toBe(true);
      expect((await offerThroughB('demo', KFC_STORE)).discountPercent).toBe(KFC_GOLD_DISCOUNT);
    });
  },
);

interface Replicas {
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  a: RunningGateway;
  b: RunningGateway;
}

/**
 * Two gateway replicas over subgraphs of their own, sharing Redis under a
 * prefix of their own, with `env` on top of the test settings: started before
 * the tests of the describe that calls it, stopped and their keys deleted after.
 */
function replicasOnOneRedis(env: Record<string, string>): Replicas {
  const prefix = `hutong-test:${randomUUID()}:`;
  const replicas = {} as Replicas;
  beforeAll(async () => {
    const gatewayEnv = { REDIS_URL: redisUrl!, HUTONG_REDIS_PREFIX: prefix, ...env };
    replicas.subgraphs = await startSubgraphs();
    replicas.a = await startGateway(replicas.subgraphs, { gatewayEnv });
    replicas.b = await startGateway(replicas.subgraphs, { gatewayEnv });
    await Promise.all([waitForRedis(replicas.a), waitForRedis(replicas.b)]);
  });
  afterAll(async () => {
    await replicas.a?.close();
    await replicas.b?.close();
    if (replicas.subgraphs) await stopSubgraphs(replicas.subgraphs);
    await deleteKeys(redisUrl!, prefix);
  });
  return replicas;
}

describe('a gateway whose Redis does not answer', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let gateway: RunningGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    gateway = await startGateway(subgraphs, {
      gatewayEnv: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
      log: pino({ level: 'warn' }, sink),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await stopSubgraphs(subgraphs);
  });

  it('keeps answering on in-process caches and rate limits, and logs a warning', async () => {
    for (let i = 0; i < 3; i++) {
      const { status, body } = await postGraphQL(gateway.gatewayUrl, HOME, HUBIN, bearer('demo'));
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    }
    expect(gateway.gateway.sharedState.mode()).toBe('memory');
    expect(lines.some((line) => line.includes('Redis is not answering'))).toBe(true);
  });
});

async function post(replica: RunningGateway, payload: Record<string, unknown>) {
  const response = await fetch(replica.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

async function waitForRedis(replica: RunningGateway): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (replica.gateway.sharedState.mode() === 'redis') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the gateway never connected to Redis');
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
