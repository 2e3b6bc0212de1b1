/**
 * A gateway of two worker processes without Redis keeps its caches in each
 * worker, yet a mutation answered by one worker drops what it changed from
 * both before it answers, whichever caches are on (all, or only the response
 * cache): the user's own write shows on their next read, and
 * a merchant's change on everyone's, whichever worker takes the read — over a
 * new connection (handed out by the primary) or over a kept-alive one that
 * goes straight to the other worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import { embeddedEnv, freePort } from '../support/processes';
import {
  bearer,
  HUBIN,
  KFC_GOLD_DISCOUNT,
  readOperation,
  startSubgraphs,
  stopSubgraphs,
  type RunningSubgraph,
} from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const WORKERS = 2;
const READS = 12;
const HOME = readOperation('MiniProgramHome');
const HEYTEA_STORE = 'store-heytea-in77';
const KFC_STORE = 'store-kfc-hubin';

interface Answer {
  status: number;
  worker: string;
  body: any;
}

/** A POST to the cluster: on a connection of its own (`agent: false`) or on the agent's kept-alive one. */
function post(
  port: number,
  agent: http.Agent | false,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/graphql',
        agent,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            worker: String(response.headers['x-test-worker']),
            body: JSON.parse(text),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ query, variables }));
  });
}

describe.each([
  ['every cache', {}],
  ['only the response cache', { HUTONG_CACHE_SUBGRAPH_ANSWERS: 'false' }],
])('cache invalidation across gateway workers, with %s on', (_name, settings) => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let child: ChildProcess;
  let port: number;
  let output = '';
  /** One kept-alive connection to each worker, by worker id. */
  const pinned = new Map<string, http.Agent>();

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url]));
    port = await freePort();
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/support/cluster-gateway.ts',
        String(port),
        String(WORKERS),
        JSON.stringify(urls),
      ],
      {
        cwd: ROOT,
        env: {
          ...embeddedEnv(),
          NODE_ENV: 'test',
          TEST_GATEWAY_SETTINGS: JSON.stringify(settings),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    // Two workers each load the gateway: on a busy machine that takes a while.
    const deadline = Date.now() + 100_000;
    while (!output.includes('cluster ready')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the cluster did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The cluster hands each new connection to the next worker: keep one to each.
    for (let i = 0; i < 8 && pinned.size < WORKERS; i++) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const { worker } = await post(port, agent, '{ __typename }', {}, {});
      if (pinned.has(worker)) agent.destroy();
      else pinned.set(worker, agent);
    }
    expect(pinned.size).toBe(WORKERS);
  }, 150_000);

  afterAll(async () => {
    for (const agent of pinned.values()) agent.destroy();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (subgraphs) await stopSubgraphs(subgraphs);
  });

  /**
   * Home screens for `user`: alternately over the kept-alive connection to
   * each worker and over new connections, so that every worker answers.
   */
  const homes = async (user: string, count = READS) => {
    const agents = [...pinned.values()];
    const answers: Answer[] = [];
    for (let i = 0; i < count; i++) {
      const agent = i % 2 === 0 ? agents[(i / 2) % agents.length]! : false;
      const answer = await post(port, agent, HOME, HUBIN, bearer(user));
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      answers.push(answer);
    }
    expect(new Set(answers.map((answer) => answer.worker)).size).toBe(WORKERS);
    return answers;
  };
  const offerAt = (answer: Answer, storeId: string) =>
    answer.body.data.nearbyStores.edges.find((edge: any) => edge.node.id === storeId)?.node
      .memberOffer;

  /** A mutation through one worker, then at once a read through the other's kept-alive connection. */
  const mutateThenReadElsewhere = async (
    query: string,
    variables: Record<string, unknown>,
    author: string,
    reader: string,
  ) => {
    const [first, second] = [...pinned.entries()];
    const mutation = await post(port, first![1], query, variables, bearer(author));
    expect(mutation.status).toBe(200);
    expect(mutation.worker).toBe(first![0]);
    const read = await post(port, second![1], HOME, HUBIN, bearer(reader));
    expect(read.worker).toBe(second![0]);
    return { mutation: mutation.body, read };
  };

  it("shows a user's own write on their next read, whichever worker answers", async () => {
    // Both workers have the user's home cached without the membership.
    for (const answer of await homes('u-zhao'))
      expect(offerAt(answer, HEYTEA_STORE)?.isMember).toBe(false);

    const { mutation, read } = await mutateThenReadElsewhere(
      `mutation ($input: LightMembershipJoinInput!) {
        lightMembershipJoin(input: $input) { membership { id } userErrors { code } }
      }`,
      { input: { merchantId: 'm-heytea', idempotencyKey: 'cluster-cache-zhao-heytea' } },
      'u-zhao',
      'u-zhao',
    );
    expect(mutation.data.lightMembershipJoin.userErrors).toEqual([]);
    expect(offerAt(read, HEYTEA_STORE)?.isMember).toBe(true);

    for (const answer of await homes('u-zhao'))
      expect({ worker: answer.worker, isMember: offerAt(answer, HEYTEA_STORE)?.isMember }).toEqual({
        worker: answer.worker,
        isMember: true,
      });
  });

  it("shows a merchant's change to everyone at once, whichever worker answers", async () => {
    // demo holds KFC's light membership on a GOLD wallet; both workers have it cached.
    for (const answer of await homes('demo'))
      expect(offerAt(answer, KFC_STORE)?.discountPercent).not.toBe(KFC_GOLD_DISCOUNT);

    const { mutation, read } = await mutateThenReadElsewhere(
      `mutation ($input: MerchantTierMappingSetInput!) {
        merchantTierMappingSet(input: $input) { userErrors { code } }
      }`,
      {
        input: {
          merchantId: 'm-kfc',
          walletTier: 'GOLD',
          merchantTier: '金卡 Gold Card',
          discountPercent: KFC_GOLD_DISCOUNT,
          description: '全单八三折',
        },
      },
      'owner-kfc',
      'demo',
    );
    expect(mutation.data.merchantTierMappingSet.userErrors).toEqual([]);
    expect(offerAt(read, KFC_STORE)?.discountPercent).toBe(KFC_GOLD_DISCOUNT);

    for (const answer of await homes('demo'))
      expect({
        worker: answer.worker,
        discount: offerAt(answer, KFC_STORE)?.discountPercent,
      }).toEqual({ worker: answer.worker, discount: KFC_GOLD_DISCOUNT });
  });
});
