/**
 * The developer endpoints over HTTP, and their absence: the gateway's sandbox,
 * token, plan, owner and schema endpoints and the demo exist in development
 * only; in production (and with HUTONG_SANDBOX=false) / answers 404 JSON and
 * none of them exists. A subgraph's sandbox reaches its /graphql without
 * opening it to anyone but the gateway. The typed client speaks to a gateway
 * that serves persisted operations only, and gets partial data back whole.
 */
import jwt from 'jsonwebtoken';
import { type SubgraphName } from '../../lib/config';
import { DEVELOPMENT_JWT_SECRET } from '../../gateway/config';
import { createSubgraphService } from '../../subgraphs/kit/subgraph';
import { SANDBOX_VIEWER_HEADER } from '../../subgraphs/kit/sandbox';
import {
  createClient,
  fetchTransport,
  MiniProgramHome,
  unavailableServices,
} from '../../schema/client/index';
import { SUBGRAPHS } from '../../subgraphs';
import { startFaultySubgraph, type FaultySubgraph } from '../support/faults';
import {
  HUBIN,
  openTestDatabase,
  silentLog,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  type RunningGateway,
  type RunningSubgraph,
  testSubgraphConfig,
} from '../support/harness';
import { PRODUCTION_ENV, productionBearer } from '../support/production';

const DEVELOPER_ROUTES: [string, string][] = [
  ['GET', '/'],
  ['GET', '/sandbox/sandbox.js'],
  ['GET', '/sandbox/graphiql.css'],
  ['GET', '/sandbox/schema.graphql'],
  ['GET', '/sandbox/owners'],
  ['POST', '/sandbox/token'],
  ['POST', '/sandbox/plan'],
  ['GET', '/demo'],
  ['GET', '/demo/app.js'],
];

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the sandbox endpoints', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  let social: FaultySubgraph;
  let development: RunningGateway;
  let production: RunningGateway;
  let switchedOff: RunningGateway;
  const originOf = (gateway: RunningGateway) => new URL(gateway.gatewayUrl).origin;

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    social = await startFaultySubgraph(subgraphs.social.url);
    development = await startGateway(subgraphs);
    production = await startGateway(subgraphs, {
      gatewayEnv: PRODUCTION_ENV,
      route: (name, url) => (name === 'social' ? social.url : url),
    });
    switchedOff = await startGateway(subgraphs, { gatewayEnv: { HUTONG_SANDBOX: 'false' } });
    // The suite's own time limit (test/jest.config.js): the first run on a machine makes the
    // seeded database templates here, and a busy two-core machine takes a while.
  });

  afterAll(async () => {
    await development?.close();
    await production?.close();
    await switchedOff?.close();
    await social?.close();
    if (subgraphs) await stopSubgraphs(subgraphs);
  });

  describe('in development', () => {
    it('serves the sandbox at / with a policy that keeps the page on this origin', async () => {
      const response = await fetch(`${originOf(development)}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await response.text();
      expect(html).toContain('query MiniProgramHome');
      expect(html).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1)/);
    });

    it("hands out the demo user's token for the app and scopes picked", async () => {
      const response = await post(`${originOf(development)}/sandbox/token`, {
        app: 'west-lake-guide',
        scopes: ['location'],
      });
      const { userId, token } = (await response.json()) as { userId: string; token: string };
      expect(userId).toBe('demo');
      expect(jwt.verify(token, DEVELOPMENT_JWT_SECRET)).toMatchObject({
        sub: 'demo',
        client_id: 'west-lake-guide',
        scope: 'location',
      });
      const refused = await post(`${originOf(development)}/sandbox/token`, { app: 'nobody' });
      expect(refused.status).toBe(400);
    });

    it('plans an operation as the gateway would, and refuses an invalid one', async () => {
      const planned = await post(`${originOf(development)}/sandbox/plan`, {
        query:
          '{ nearbyStores(near: {lat: 30.2575, lng: 120.1655}, first: 1) { edges { node { name memberOffer { description } } } } }',
      });
      expect(planned.status).toBe(200);
      const { plan } = (await planned.json()) as { plan: string };
      expect(plan).toMatch(/^QueryPlan \{/);
      expect(plan).toContain('Fetch(service: "maps")');
      expect(plan).toContain('Fetch(service: "payments")');

      const invalid = await post(`${originOf(development)}/sandbox/plan`, { query: '{ nope }' });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toEqual({
        errors: [
          {
            message: 'Cannot query field "nope" on type "Query".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', requestId: expect.any(String) },
          },
        ],
      });
      const empty = await post(`${originOf(development)}/sandbox/plan`, {});
      expect(empty.status).toBe(400);
    });

    it('serves the field owners and the API schema', async () => {
      const owners = (await (await fetch(`${originOf(development)}/sandbox/owners`)).json()) as {
        types: { name: string }[];
      };
      expect(owners.types.map((type) => type.name)).toContain('Store');
      const schema = await (await fetch(`${originOf(development)}/sandbox/schema.graphql`)).text();
      expect(schema).toContain('type Query {');
      expect(schema).not.toContain('join__');
    });
  });

  describe.each([
    ['in production', () => production],
    ['with HUTONG_SANDBOX=false', () => switchedOff],
  ])('%s', (_, gateway) => {
    it.each(DEVELOPER_ROUTES)('has no %s %s: 404 JSON', async (method, path) => {
      const response = await fetch(`${originOf(gateway())}${path}`, {
        method,
        ...(method === 'POST'
          ? { headers: { 'content-type': 'application/json' }, body: '{}' }
          : {}),
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe("a subgraph's sandbox", () => {
    it('reaches its /graphql with the gateway credential, which stays closed to others', async () => {
      const origin = new URL(subgraphs.payments.url).origin;
      expect((await fetch(`${origin}/`)).status).toBe(200);
      const viaSandbox = await post(
        `${origin}/sandbox/graphql`,
        { query: '{ me { id } }' },
        { [SANDBOX_VIEWER_HEADER]: 'demo' },
      );
      // The subgraph's own answer, cache tags for the gateway included.
      expect(await viaSandbox.json()).toMatchObject({ data: { me: { id: 'demo' } } });
      const direct = await fetch(subgraphs.payments.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(direct.status).toBe(401);
    });

    it('does not exist when the sandbox is off: its paths need the gateway credential like any other', async () => {
      const db = await openTestDatabase('payments');
      const service = await createSubgraphService(SUBGRAPHS.payments, {
        config: testSubgraphConfig('payments', { HUTONG_SANDBOX: 'false' }),
        db,
        log: silentLog,
      });
      try {
        const origin = await service.listen(0, '127.0.0.1');
        for (const [method, path] of [
          ['GET', '/'],
          ['POST', '/sandbox/graphql'],
        ] as const) {
          const response = await fetch(`${origin}${path}`, {
            method,
            ...(method === 'POST'
              ? {
                  headers: { 'content-type': 'application/json' },
                  body: '{"query":"{ me { id } }"}',
                }
              : {}),
          });
          expect(response.status).toBe(401);
        }
      } finally {
        await service.close();
        await db.close();
      }
    });
  });

  describe('the typed client over fetch', () => {
    it('runs the home query by id against a gateway that serves persisted operations only', async () => {
      const client = createClient({
        url: production.gatewayUrl,
        transport: fetchTransport(),
        token: () => productionBearer('demo').authorization!.replace(/^Bearer /, ''),
      });
      const result = await client.execute(MiniProgramHome, HUBIN);
      expect(result.errors).toEqual([]);
      expect(result.status).toBe(200);
      expect(result.data?.me?.membership?.nextSettlementCharge).toBe(2240);
      expect(result.data?.nearbyStores?.edges[0]?.node.id).toBe('store-starbucks-in77');
    });

    it('returns the partial data and the error when a subgraph is down', async () => {
      social.mode = 'unavailable';
      try {
        const client = createClient({
          url: production.gatewayUrl,
          transport: fetchTransport(),
          headers: { 'x-app-id': 'hutong-demo' },
        });
        const result = await client.execute(MiniProgramHome, HUBIN);
        expect(result.status).toBe(200);
        expect(result.data?.trendingTopics).toBeNull();
        expect(result.data?.nearbyStores?.edges.length).toBeGreaterThan(0);
        expect(unavailableServices(result)).toEqual(['social']);
        expect(result.errors[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      } finally {
        social.mode = 'pass';
      }
    });
  });
});
