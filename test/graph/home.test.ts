import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGraph,
  UNCACHED_GATEWAY_ENV,
  type RunningGraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');

describe('the mini-program home query through the gateway', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph({ gatewayEnv: UNCACHED_GATEWAY_ENV });
  });
  afterAll(() => graph.close());

  it('joins all five subgraphs in one request for the signed-in user', async () => {
    const { status, body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { trendingTopics, nearbyStores, me } = body.data;

    // social: the hot-search list, hottest first, with stores (names from maps) and products (commerce)
    expect(trendingTopics).toHaveLength(5);
    const heats = trendingTopics.map((t: { heat: number }) => t.heat);
    expect(heats).toEqual([...heats].sort((a, b) => b - a));
    const osmanthus = trendingTopics.find(
      (t: { id: string }) => t.id === 'topic-westlake-osmanthus',
    );
    expect(osmanthus.relatedStores[0]).toEqual({
      id: 'store-louwailou-gushan',
      name: '楼外楼(孤山店)',
      nameEn: 'Louwailou (Gushan)',
    });
    expect(osmanthus.relatedProducts).toEqual([
      { id: 'prod-starbucks-tumbler', name: '西湖限定随行杯', price: 16800 },
    ]);

    // maps: nearest first, distances in metres
    const edges = nearbyStores.edges;
    expect(edges).toHaveLength(10);
    const distances = edges.map((e: { distanceMeters: number }) => e.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(edges[0].node.id).toBe('store-starbucks-in77');
    expect(edges[0].distanceMeters).toBe(62);

    const kfc = edges.find((e: { node: { id: string } }) => e.node.id === 'store-kfc-hubin').node;
    // food: base fee 9 yuan; 8 min kitchen + 2 min for the one order queued + 1 min ride
    expect(kfc.delivery).toEqual({ etaMinutes: 11, fee: 900 });
    // commerce: the light shop's three most featured products
    expect(kfc.products.map((p: { id: string }) => p.id)).toEqual([
      'prod-kfc-bucket-voucher',
      'prod-kfc-coffee-card',
      'prod-kfc-zinger-voucher',
    ]);
    // payments: demo is GOLD and a KFC light member
    expect(kfc.memberOffer).toEqual({
      merchantTier: 'KFC会员 Gold',
      discountPercent: 5,
      description: '套餐九五折 5% off meals',
      isMember: true,
    });

    // payments: membership state; KFC settles min(1500, 1240), HEYTEA min(1000, 1800)
    expect(me).toEqual({
      id: 'demo',
      nickname: '西湖小明 Xiaoming',
      membership: {
        tier: 'GOLD',
        status: 'ACTIVE',
        benefitsThisPeriod: 3040,
        nextSettlementCharge: 2240,
      },
    });
  });

  it('costs a fixed number of subgraph fetches and SQL statements', async () => {
    const before = Object.fromEntries(
      Object.entries(graph.subgraphs).map(([name, s]) => [
        name,
        { fetches: s.requests(), sql: s.db.roundTrips },
      ]),
    );
    await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    const cost = Object.fromEntries(
      Object.entries(graph.subgraphs).map(([name, s]) => [
        name,
        { fetches: s.requests() - before[name]!.fetches, sql: s.db.roundTrips - before[name]!.sql },
      ]),
    );
    // One fetch per subgraph per step of the plan; one statement per loader.
    expect(cost).toEqual({
      social: { fetches: 1, sql: 3 },
      maps: { fetches: 2, sql: 2 },
      food: { fetches: 1, sql: 1 },
      commerce: { fetches: 2, sql: 2 },
      payments: { fetches: 2, sql: 3 },
    });
  });

  it('shows no membership and no member offers to an anonymous visitor', async () => {
    const { body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN);
    // Each is refused for want of a signed-in user, and nothing else fails.
    expect(new Set(body.errors?.map((error) => error.extensions?.code))).toEqual(
      new Set(['UNAUTHENTICATED']),
    );
    expect(body.errors?.map((error) => error.path?.at(-1))).toEqual([
      ...body.data.nearbyStores.edges.map(() => 'memberOffer'),
      'me',
    ]);
    expect(body.data.me).toBeNull();
    expect(body.data.nearbyStores.edges.every((e: any) => e.node.memberOffer === null)).toBe(true);
    expect(body.data.trendingTopics).toHaveLength(5);
  });

  it('refuses a bad token with UNAUTHENTICATED instead of answering anonymously', async () => {
    const { status, body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, {
      authorization: 'Bearer not-a-token',
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('answers an unknown store with NOT_FOUND', async () => {
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      '{ store(id: "store-nowhere") { id name } }',
    );
    expect(body.data).toEqual({ store: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers a latitude out of range with BAD_USER_INPUT and no internals', async () => {
    const { body, raw } = await postGraphQL(graph.gatewayUrl, HOME, { lat: 91, lng: 120.16 });
    expect(body.errors?.map((e) => e.extensions?.code)).toContain('BAD_USER_INPUT');
    expect(raw).not.toMatch(/stacktrace|localhost:\d+|\.ts:\d+/);
  });

  it('answers malformed JSON with a GraphQL error body', async () => {
    const response = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('answers /health', async () => {
    const response = await fetch(graph.gatewayUrl.replace('/graphql', '/health'));
    expect(response.status).toBe(200);
  });
});
