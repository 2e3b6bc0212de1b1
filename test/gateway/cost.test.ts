/**
 * The cost limit through the production gateway: a legitimate federated
 * query of three nested lists is served, an operation over the limit is
 * refused with or without a negative page beside it (and eight copies of it
 * too), so is an answer of too many values, an oversized page is counted and
 * served as the field's largest, a null one as its default, and a reloaded
 * supergraph's directives count from then on. Nothing refused reaches a
 * subgraph.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGateway, type GatewayService } from '../../gateway/server';
import { supergraphFile } from '../../gateway/supergraph-source';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import {
  postGraphQL,
  silentLog,
  startGraph,
  testGatewayConfig,
  type RunningGraph,
} from '../support/harness';
import { PRODUCTION_ENV } from '../support/production';
import { waitFor } from '../support/steady-load';

/** 100 stores, each with its featured products, mentions and menu: 9,210 by the schema's sizes. */
const OVER_THE_LIMIT = `nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 100) { edges { node {
  products(first: 20) { id name } mentions(first: 20) { id author { id } } menu { id name price } } } }`;

describe('the cost limit', () => {
  let graph: RunningGraph;
  const subgraphRequests = () =>
    Object.values(graph.subgraphs).reduce((sum, subgraph) => sum + subgraph.requests(), 0);
  const ask = (query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL(graph.gatewayUrl, query, variables);
  const refused = async (query: string, variables: Record<string, unknown> = {}) => {
    const before = subgraphRequests();
    const { status, body } = await ask(query, variables);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(subgraphRequests()).toBe(before);
    return body.errors![0]!;
  };

  beforeAll(async () => {
    graph = await startGraph({
      gatewayEnv: { ...PRODUCTION_ENV, HUTONG_PERSISTED_ONLY: 'false' },
    });
  });
  afterAll(() => graph.close());

  it('serves topics with their stores, each store with its menu and mentions: three nested lists over three subgraphs', async () => {
    const { status, body } = await ask(`{ trendingTopics(first: 10) { title
      relatedStores { name menu { name price } mentions { text } }
      relatedProducts { name } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const stores = body.data.trendingTopics.flatMap((topic: any) => topic.relatedStores);
    expect(stores.length).toBeGreaterThan(0);
    expect(stores.some((store: any) => store.menu.length > 0)).toBe(true);
    expect(stores.some((store: any) => store.mentions.length > 0)).toBe(true);
  });

  it('refuses an operation over the limit, telling its cost', async () => {
    expect((await refused(`{ ${OVER_THE_LIMIT} }`)).extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      cost: 9210,
      maxCost: 5000,
    });
  });

  it.each([
    ['beside it', `{ ${OVER_THE_LIMIT} trendingTopics(first: -100000) { id } }`, {}],
    [
      'beside eight copies of it',
      `{ ${Array.from({ length: 8 }, (_, i) => `c${i}: ${OVER_THE_LIMIT}`).join(' ')}
         t: trendingTopics(first: -100000) { id } }`,
      {},
    ],
    [
      'from a variable',
      `query ($n: Int) { ${OVER_THE_LIMIT} trendingTopics(first: $n) { id } }`,
      { n: -100000 },
    ],
  ])('refuses a negative page %s instead of subtracting it', async (_, query, variables) => {
    expect((await refused(query, variables)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'first',
    });
  });

  it('refuses eight copies of an operation over the limit', async () => {
    const query = `{ ${Array.from({ length: 8 }, (_, i) => `c${i}: ${OVER_THE_LIMIT}`).join(' ')} }`;
    expect((await refused(query)).extensions).toMatchObject({ cost: 8 * 9210 });
  });

  it('counts and serves an oversized page as the largest the field serves', async () => {
    // 100,000 topics with their stores would be refused; 50 of them cost 300.
    const { status, body } = await ask(
      '{ trendingTopics(first: 100000) { id relatedStores { id } } }',
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.trendingTopics.length).toBeGreaterThan(0);
    expect(body.data.trendingTopics.length).toBeLessThanOrEqual(50);
    // Counted at the largest pages (100 stores, 20 mentions, 20 products), not at 1,000 each.
    const error = await refused(`{ nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 1000) {
      edges { node { mentions(first: 1000) { id author { id } } products(first: 1000) { id } } } } }`);
    expect(error.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      cost: 10 + 100 * (1 + 1 + 20 * 2 + 20),
    });
  });

  it('refuses an answer of more values than allowed, however little it costs', async () => {
    // 100 stores, each with 20 products, each with 30 aliases of __typename: 2,210 by cost.
    const error = await refused(`{ nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: 100) {
      edges { node { products(first: 20) {
        ${Array.from({ length: 30 }, (_, i) => `t${i}: __typename`).join(' ')} } } } } }`);
    expect(error.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      answerValues: 1 + 100 * (1 + 1 + 20 * (1 + 30)),
      maxAnswerValues: 10000,
    });
  });

  it.each([
    [
      'stores near a point',
      '{ nearbyStores(near: { lat: 30.25, lng: 120.16 }, first: $n) { edges { node { id } } } }',
      '{ nearbyStores(near: { lat: 30.25, lng: 120.16 }) { edges { node { id } } } }',
    ],
    [
      "a store's products and mentions",
      '{ store(id: "store-starbucks-in77") { products(first: $n) { id } mentions(first: $n) { id } } }',
      '{ store(id: "store-starbucks-in77") { products { id } mentions { id } } }',
    ],
  ])(
    'serves a null page size of %s as the default, as if it were left out',
    async (_, asked, omitted) => {
      const expected = await ask(omitted);
      expect(expected.body.errors).toBeUndefined();
      for (const [query, variables] of [
        [asked.replaceAll('$n', 'null'), {}],
        [`query ($n: Int) ${asked}`, { n: null }],
        [`query ($n: Int = null) ${asked}`, {}],
      ] as const) {
        const { status, body } = await ask(query, variables);
        expect(status).toBe(200);
        expect(body).toEqual(expected.body);
      }
    },
  );
});

describe('the cost limit after a supergraph reload', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-cost-'));
  const file = path.join(dir, 'supergraph.graphql');
  const query = '{ nearbyStores(near: { lat: 30.25, lng: 120.16 }) { edges { distanceMeters } } }';
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    // Nothing needs answering: the cost is counted before any subgraph would be asked.
    const nowhere = fs
      .readFileSync(SUPERGRAPH_FILE, 'utf8')
      .replace(/url: "http:\/\/localhost:\d+\/graphql"/g, 'url: "http://127.0.0.1:9/"');
    fs.writeFileSync(file, nowhere);
    gateway = await createGateway({
      config: testGatewayConfig(),
      supergraphSdl: supergraphFile(file, { pollMs: 500, log: silentLog }),
      log: silentLog,
    });
    url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
  });
  afterAll(async () => {
    await gateway.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts by the directives of the supergraph it reloaded', async () => {
    const costOf = async () => (await postGraphQL(url, query)).body.errors?.[0]?.extensions?.cost;
    // Nearby search weighs 10: under the limit, so the query is planned (and its fetch fails).
    expect(await costOf()).toBeUndefined();
    const reweighed = fs
      .readFileSync(file, 'utf8')
      .replace(
        /(\n {2}nearbyStores\([\s\S]*?\): StoreConnection @join__field\(graph: MAPS\) .*)@cost\(weight: 10\)/,
        '$1@cost(weight: 9000)',
      );
    expect(reweighed).toContain('@cost(weight: 9000)');
    fs.writeFileSync(`${file}.tmp`, reweighed);
    fs.renameSync(`${file}.tmp`, file);
    await waitFor(async () => (await costOf()) === 9000 + 10, 'the reloaded weight to count');
  });
});
