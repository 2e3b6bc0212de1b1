/**
 * Two gateway replicas on one Redis share what they must: cached entities
 * (and their invalidation), operations registered by APQ, and rate limits.
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
const redisUrl = testRedisUrl();

(redisUrl ? describe : describe.skip)('gateway replicas on one Redis', () => {
  const prefix = `hutong-test:${randomUUID()}:`;
  const sharedEnv = {
    REDIS_URL: redisUrl!,
    HUTONG_REDIS_PREFIX: prefix,
    HUTONG_RATE_USER_BURST: '3',
    HUTONG_RATE_USER_PER_SECOND: '1',
  };
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let replicaA: RunningGateway;
  let replicaB: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    replicaA = await startGateway(subgraphs, { gatewayEnv: sharedEnv });
    replicaB = await startGateway(subgraphs, { gatewayEnv: sharedEnv });
    await Promise.all([waitForRedis(replicaA), waitForRedis(replicaB)]);
  });
  afterAll(async () => {
    await replicaA?.close();
    await replicaB?.close();
    await stopSubgraphs(subgraphs);
    await deleteKeys(redisUrl!, prefix);
  });

  it('serves on one replica the entities the other cached, and drops them on both after a mutation', async () => {
    // Lin's and demo's homes fill the shared caches through A; Zhao's, through B, needs nothing public from maps.
    await postGraphQL(replicaA.gatewayUrl, HOME, HUBIN, bearer('u-lin'));
    await postGraphQL(replicaA.gatewayUrl, HOME, HUBIN, bearer('demo'));
    const mapsBefore = subgraphs.maps.requests();
    const forZhao = await postGraphQL(replicaB.gatewayUrl, HOME, HUBIN, bearer('u-zhao'));
    expect(forZhao.body.errors).toBeUndefined();
    expect(subgraphs.maps.requests()).toBe(mapsBefore);

    // KFC's owner remaps a tier through A: the member offers both replicas cached must go.
    await remapKfcGoldTier(replicaA.gatewayUrl);

    const forDemo = await postGraphQL(replicaB.gatewayUrl, HOME, HUBIN, bearer('demo'));
    const kfc = forDemo.body.data.nearbyStores.edges.find(
      (edge: { node: { id: string } }) => edge.node.id === 'store-kfc-hubin',
    );
    expect(kfc.node.memberOffer.discountPercent).toBe(KFC_GOLD_DISCOUNT);
  });

  it('answers on one replica an operation registered through APQ on the other', async () => {
    const query = `query ReplicaApq { trendingTopics(first: 1) { id } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const registered = await post(replicaA, { query, extensions });
    expect(registered.errors).toBeUndefined();

    const byHash = await post(replicaB, { extensions });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(registered.data);
  });

  it('counts one user’s requests against one limit, whichever replica takes them', async () => {
    const user = bearer('u-rate-limited');
    const statuses = [];
    for (const replica of [replicaA, replicaB, replicaA, replicaB]) {
      statuses.push((await postGraphQL(replica.gatewayUrl, '{ __typename }', {}, user)).status);
    }
    // A burst of 3 for the user across both: each replica alone would have allowed all four.
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

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
