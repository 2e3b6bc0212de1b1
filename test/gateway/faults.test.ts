/**
 * Faults between the gateway and its subgraphs: a subgraph that hangs,
 * answers garbage or fails costs only its own fields; abandoned requests leave
 * no sockets behind; queries are retried and mutations never; a circuit
 * breaker stops calling a failing subgraph and lets it back when it recovers.
 */
import { DEVELOPMENT_PAYMENT_REQUEST_SECRETS } from '../../subgraphs/kit/config';
import { signChargeRequest } from '../../subgraphs/kit/payment-requests';
import { startFaultySubgraph, type FaultySubgraph } from '../support/faults';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGateway,
  startGraph,
  UNCACHED_GATEWAY_ENV,
  type RunningGraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');

const HALF_OPEN_MS = 4000;
const FAULT_ENV = {
  // Every fetch must reach the faulty subgraphs, not a cached answer.
  ...UNCACHED_GATEWAY_ENV,
  // Long enough that a healthy subgraph on a busy machine is never taken for a hung one.
  HUTONG_SUBGRAPH_TIMEOUT_MS: '1500',
  HUTONG_REQUEST_DEADLINE_MS: '6000',
  HUTONG_BREAKER_FAILURES: '5',
  // Long enough that the circuit is still open when the test asks, however slow the requests.
  HUTONG_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
  HUTONG_RATE_APP_BURST: '100000',
  HUTONG_RATE_USER_BURST: '100000',
};

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('gateway faults', () => {
  let graph: RunningGraph;
  let food: FaultySubgraph;
  let payments: FaultySubgraph;

  beforeAll(async () => {
    graph = await startGraph({
      gatewayEnv: FAULT_ENV,
      route: async (name, url) => {
        if (name === 'food') return (food = await startFaultySubgraph(url)).url;
        if (name === 'payments') return (payments = await startFaultySubgraph(url)).url;
        return url;
      },
    });
    // A first request warms every part, so that only the faults each test sets up are slow.
    await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
  });
  afterAll(async () => {
    await graph.close();
    await food.close();
    await payments.close();
  });
  afterEach(async () => {
    food.mode = 'pass';
    payments.mode = 'pass';
    // Let a circuit the test opened half-open again before the next test.
    const open = ['food', 'payments'].some(
      (name) => graph.gateway.policies.get(name)!.state() !== 0,
    );
    if (open) await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 100));
    await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
  });

  function expectOnlyFoodMissing(body: any) {
    expect(body.data.trendingTopics.length).toBeGreaterThan(0);
    const nodes = body.data.nearbyStores.edges.map((e: any) => e.node);
    expect(nodes.length).toBe(10);
    expect(nodes.every((n: any) => n.delivery === null)).toBe(true);
    expect(nodes.some((n: any) => n.products.length > 0)).toBe(true);
    expect(body.data.me.membership.tier).toBe('GOLD');
    expect(body.errors).toEqual([
      {
        message: 'The food service did not answer; its fields are missing',
        extensions: {
          code: 'SUBGRAPH_UNAVAILABLE',
          serviceName: 'food',
          requestId: expect.any(String),
        },
      },
    ]);
  }

  it('answers the home query without food when food hangs', async () => {
    food.mode = 'hang';
    const { status, body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expectOnlyFoodMissing(body);
  });

  it('answers the home query without food when food answers garbage, and shows none of it', async () => {
    food.mode = 'garbage';
    const { status, body, raw } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expectOnlyFoodMissing(body);
    expect(raw).not.toMatch(/nginx|html|127\.0\.0\.1|localhost/);
  });

  it('answers the home query without the wallet when payments is down', async () => {
    payments.mode = 'unavailable';
    const { status, body, raw } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expect(body.data.me).toBeNull();
    expect(body.data.nearbyStores.edges.every((e: any) => e.node.memberOffer === null)).toBe(true);
    expect(body.data.nearbyStores.edges[0].node.delivery).not.toBeNull();
    expect(body.errors?.map((e: any) => e.extensions.serviceName)).toEqual(['payments']);
    expect(raw).not.toMatch(/db-7\.internal|:5432|html/);
  });

  it('leaves no sockets open after 200 clients abandon requests to a hanging subgraph', async () => {
    // Timeouts long enough that only the clients leaving can end the subgraph calls.
    const hanging = await startFaultySubgraph(graph.subgraphs.food.url);
    hanging.mode = 'hang';
    const patient = await startGateway(graph.subgraphs, {
      gatewayEnv: {
        ...FAULT_ENV,
        HUTONG_SUBGRAPH_TIMEOUT_MS: '60000',
        HUTONG_REQUEST_DEADLINE_MS: '60000',
      },
      route: (name, url) => (name === 'food' ? hanging.url : url),
    });
    const clients = Array.from({ length: 200 }, () => new AbortController());
    try {
      const baseline = hanging.openSockets();
      // Each from a different point, so that no two subgraph fetches are alike and collapse.
      const requests = clients.map((client, i) =>
        fetch(patient.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: HOME,
            variables: { lat: HUBIN.lat, lng: HUBIN.lng + i * 1e-5 },
          }),
          signal: client.signal,
        }).catch(() => undefined),
      );
      // The gateway holds at most 128 connections to a subgraph; the rest wait in its queue.
      const reached = await waitUntil(() => hanging.requests() >= 128, 45_000);
      expect({ reached, requests: hanging.requests() }).toEqual({
        reached: true,
        requests: expect.any(Number),
      });
      expect(hanging.openSockets()).toBeGreaterThanOrEqual(128);
      for (const client of clients) client.abort();
      await Promise.all(requests);
      expect(await waitUntil(() => hanging.openSockets() <= baseline, 5000)).toBe(true);
    } finally {
      for (const client of clients) client.abort();
      await hanging.close();
      await patient.close();
    }
  }, 90_000);

  it('retries a query that met 503s, within its attempts', async () => {
    const before = food.requests();
    food.failNext(2);
    const { body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(body.errors).toBeUndefined();
    expect(body.data.nearbyStores.edges[0].node.delivery).not.toBeNull();
    expect(food.requests() - before).toBe(3);
  });

  it('never retries a mutation', async () => {
    const before = payments.requests();
    payments.failNext(1);
    const paymentRequest = signChargeRequest(
      'food',
      {
        orderRef: 'food:fo-no-retry',
        payerId: 'demo',
        merchantId: 'm-louwailou',
        amount: 100,
        description: 'x',
      },
      DEVELOPMENT_PAYMENT_REQUEST_SECRETS.food,
    );
    const { body } = await postGraphQL(
      graph.gatewayUrl,
      'mutation ($input: PaymentCreateInput!) { paymentCreate(input: $input) { payment { id } userErrors { code } } }',
      { input: { paymentRequest, idempotencyKey: 'no-retry-key-1' } },
      bearer('demo'),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(payments.requests() - before).toBe(1);
  });

  it('opens the circuit after repeated failures, stops calling, and closes it when the subgraph recovers', async () => {
    food.mode = 'unavailable';
    for (let i = 0; i < 6; i++) await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(graph.gateway.policies.get('food')!.state()).toBe(1 /* CircuitState.Open */);
    const whileOpen = food.requests();
    const { body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      serviceName: 'food',
    });
    expect(food.requests()).toBe(whileOpen);

    food.mode = 'pass';
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 100));
    const recovered = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(recovered.body.errors).toBeUndefined();
    expect(graph.gateway.policies.get('food')!.state()).toBe(0 /* CircuitState.Closed */);
  });
});
