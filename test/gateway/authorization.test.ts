/**
 * Authorization through the gateway: a signed-in caller's operations are
 * answered as before; an anonymous caller gets UNAUTHENTICATED at each
 * protected field and every public field as it is, and what it may not do
 * never reaches a subgraph.
 */
import { STORE_POSITIONS } from '../support/seeded-stores';
import { SUBGRAPH_NAMES } from '../../lib/config';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGraph,
  type RunningGraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');

interface Home {
  trendingTopics: { id: string; relatedStores: { id: string }[] | null }[];
  nearbyStores: {
    edges: { distanceMeters: number; node: { id: string; name: string; memberOffer: unknown } }[];
  };
  me: { id: string; membership: { tier: string } | null } | null;
}

describe('authorization through the gateway', () => {
  let graph: RunningGraph;
  // Five seeded databases and a gateway: slow on a busy machine.
  beforeAll(async () => {
    graph = await startGraph();
  }, 180_000);
  afterAll(async () => {
    await graph?.close();
  });

  const requestCounts = () =>
    Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].requests()]));

  it('answers a signed-in home query in full, without errors', async () => {
    const { status, body } = await postGraphQL<Home>(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toMatchObject({ id: 'demo', membership: { tier: 'GOLD' } });
    const offers = body.data!.nearbyStores.edges.map((edge) => edge.node.memberOffer);
    expect(offers.some((offer) => offer !== null)).toBe(true);
  });

  it('answers an anonymous home query with UNAUTHENTICATED at me and each member offer only', async () => {
    const [anonymous, signedIn] = await Promise.all([
      postGraphQL<Home>(graph.gatewayUrl, HOME, HUBIN),
      postGraphQL<Home>(graph.gatewayUrl, HOME, HUBIN, bearer('demo')),
    ]);
    expect(anonymous.status).toBe(200);
    const data = anonymous.body.data!;
    const edges = data.nearbyStores.edges;
    expect(edges.length).toBeGreaterThan(0);

    expect(data.me).toBeNull();
    expect(edges.every((edge) => edge.node.memberOffer === null)).toBe(true);
    expect(
      anonymous.body.errors?.map(({ message, path, extensions }) => ({
        message,
        path,
        code: extensions?.code,
      })),
    ).toEqual([
      ...edges.map((_, i) => ({
        message: 'Store.memberOffer requires a signed-in user',
        path: ['nearbyStores', 'edges', i, 'node', 'memberOffer'],
        code: 'UNAUTHENTICATED',
      })),
      { message: 'Query.me requires a signed-in user', path: ['me'], code: 'UNAUTHENTICATED' },
    ]);

    // Everything public is what a signed-in user sees.
    const publicPart = (home: Home) => ({
      topics: home.trendingTopics.map((topic) => [topic.id, topic.relatedStores]),
      stores: home.nearbyStores.edges.map((edge) => [
        edge.node.id,
        edge.node.name,
        edge.distanceMeters,
      ]),
    });
    expect(publicPart(data)).toEqual(publicPart(signedIn.body.data!));
  });

  it('never serves the plan of a filtered operation for the same text from a signed-in caller', async () => {
    const query = '{ me { id nickname } trendingTopics(first: 1) { id } }';
    const anonymous = await postGraphQL(graph.gatewayUrl, query);
    expect(anonymous.body.data?.me).toBeNull();
    const signedIn = await postGraphQL(graph.gatewayUrl, query, {}, bearer('u-lin'));
    expect(signedIn.body.errors).toBeUndefined();
    expect(signedIn.body.data?.me).toEqual({ id: 'u-lin', nickname: expect.any(String) });
    const again = await postGraphQL(graph.gatewayUrl, query);
    expect(again.body.data).toEqual(anonymous.body.data);
  });

  it('sends no subgraph anything when every field asked for is refused', async () => {
    const before = requestCounts();
    const mutation = await postGraphQL(
      graph.gatewayUrl,
      `mutation ($input: StoreArriveInput!) { storeArrive(input: $input) { newlyIssued } }`,
      {
        input: {
          storeId: 'store-kfc-hubin',
          at: STORE_POSITIONS['store-kfc-hubin'],
          idempotencyKey: 'authz-anonymous-arrival',
        },
      },
    );
    const query = await postGraphQL(graph.gatewayUrl, '{ me { id wallet { balance } } }');
    expect(requestCounts()).toEqual(before);

    expect(mutation.status).toBe(200);
    expect(mutation.body.data).toEqual({ storeArrive: null });
    expect(mutation.body.errors).toEqual([
      expect.objectContaining({
        message: 'Mutation.storeArrive requires a signed-in user',
        path: ['storeArrive'],
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
    expect(query.body).toEqual({
      data: { me: null },
      errors: [expect.objectContaining({ path: ['me'] })],
    });
  });

  it('lets a signed-in caller make the same mutation', async () => {
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      `mutation ($input: StoreArriveInput!) { storeArrive(input: $input) { newlyIssued userErrors { code } } }`,
      {
        input: {
          storeId: 'store-kfc-hubin',
          at: STORE_POSITIONS['store-kfc-hubin'],
          idempotencyKey: 'authz-signed-in-arrival',
        },
      },
      bearer('u-chen'),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.storeArrive.userErrors).toEqual([]);
  });
});
