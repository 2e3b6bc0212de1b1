/**
 * The trust model as a hostile client tries it, in production configuration:
 * subgraphs that answer the gateway's per-fetch credential and nothing else,
 * apps that are identities with budgets of their own, tokens that say which
 * app and which consent, and per-app safelists of persisted operations.
 */
import { STORE_POSITIONS } from '../support/seeded-stores';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CREDENTIAL_HEADER, signCredential } from '../../lib/credential';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import { ALL_SCOPES, REQUEST_ID_HEADER } from '../../lib/identity';
import { loadManifest } from '../../gateway/manifest';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { gatewayCredential, HUBIN, TEST_GATEWAY_SECRET } from '../support/harness';
import { productionBearer, productionGraph, signIn, TestSignIn } from '../support/production';

const MANIFEST = [...loadManifest(PERSISTED_OPERATIONS_FILE).values()];
const idOf = (name: string) => MANIFEST.find((operation) => operation.name === name)!.id;
const persisted = (name: string, variables: Record<string, unknown> = {}) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: idOf(name) } },
  variables,
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as any,
  };
}

/** Sends `head` (request line and headers) and `body` exactly as written; answers status and body. */
function rawRequest(
  port: number,
  head: string,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end(
        `${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const ME = JSON.stringify({ query: '{ me { id wallet { balance } } }' });

describe('the trust model, tried as a hostile client would', () => {
  const graph = productionGraph();
  const { gatewayWith, subgraphRequests } = graph;
  const portOf = (name: SubgraphName) => Number(new URL(graph.subgraphs[name].url).port);

  describe('a sealed subgraph boundary', () => {
    const targets = [
      '/graphql',
      '/%67raphql',
      '/graphq%6c',
      '/%2567raphql',
      '/graphql/',
      '/graphql?query=%7B__typename%7D',
      '/./graphql',
      '//graphql',
      '/GRAPHQL',
      '/graphql;x',
      '/graphql%00',
      '/health/../graphql',
      '/nothing-here',
      '*',
    ];
    it.each(SUBGRAPH_NAMES)(
      '%s refuses every spelling, target form and method without a credential',
      async (name) => {
        const port = portOf(name);
        const forms = [
          ...targets.map((target) => `POST ${target} HTTP/1.1\r\nHost: localhost`),
          ...targets.map(
            (target) => `POST http://localhost:${port}${target} HTTP/1.1\r\nHost: localhost`,
          ),
          `POST http://evil.example/graphql HTTP/1.1\r\nHost: evil.example`,
          ...['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map(
            (method) => `${method} /graphql?query=%7Bme%7Bid%7D%7D HTTP/1.1\r\nHost: localhost`,
          ),
          `GET /%67raphql?query=%7Bme%7Bid%7D%7D HTTP/1.1\r\nHost: localhost`,
        ];
        for (const head of forms) {
          // The identity headers of the old protocol, and a guessed static secret, change nothing.
          const answer = await rawRequest(
            port,
            `${head}\r\nContent-Type: application/json\r\nx-hutong-user-id: demo\r\nx-hutong-gateway-credential: hutong-development-gateway-secret`,
            ME,
          );
          expect([head, [400, 401].includes(answer.status)]).toEqual([head, true]);
          expect(answer.body).not.toContain('"balance"');
          expect(answer.body).not.toContain('"data"');
        }
      },
    );

    it.each(SUBGRAPH_NAMES)('%s answers its probes without a credential', async (name) => {
      for (const probe of ['/health', '/ready'])
        expect(
          (await rawRequest(portOf(name), `GET ${probe} HTTP/1.1\r\nHost: localhost`)).status,
        ).toBe(200);
    });

    const paymentsWith = (headers: Record<string, string>, body = ME) =>
      rawRequest(
        portOf('payments'),
        `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          Object.entries(headers)
            .map(([header, value]) => `${header}: ${value}`)
            .join('\r\n'),
        body,
      );
    const demo = { userId: 'demo', appId: 'hutong-demo', scopes: ALL_SCOPES };

    it('serves a fresh credential of its own, taking the viewer from it alone', async () => {
      const answer = await paymentsWith(gatewayCredential('payments', ME, demo));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).data.me.id).toBe('demo');
      // The old viewer header is not an identity: without a user in the credential there is none.
      const anonymous = await paymentsWith({
        ...gatewayCredential('payments', ME, { scopes: ALL_SCOPES }),
        'x-hutong-user-id': 'demo',
      });
      expect(JSON.parse(anonymous.body).data?.me ?? null).toBeNull();
    });

    it.each([
      [
        'forged with another secret',
        () => ({ [CREDENTIAL_HEADER]: sign({ secret: 'x'.repeat(40) }) }),
      ],
      ['expired', () => ({ [CREDENTIAL_HEADER]: sign({ nowMs: Date.now() - 60_000 }) })],
      ['for another subgraph', () => ({ [CREDENTIAL_HEADER]: sign({ audience: 'maps' }) })],
      [
        'signed for another body',
        () => ({ [CREDENTIAL_HEADER]: sign({ body: '{"query":"{ __typename }"}' }) }),
      ],
      ['truncated', () => ({ [CREDENTIAL_HEADER]: sign({}).slice(0, -3) })],
      [
        'with its claims edited',
        () => ({ [CREDENTIAL_HEADER]: editedClaims(sign({}), { sub: 'u-wang' }) }),
      ],
      [
        'with its signature moved to another header',
        () => ({ [CREDENTIAL_HEADER]: swapHeader(sign({})) }),
      ],
    ])('refuses a credential %s', async (_, headers) => {
      const answer = await paymentsWith(headers());
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.body).not.toContain('balance');
    });

    it('accepts a credential once: a replay is refused', async () => {
      const headers = gatewayCredential('payments', ME, demo);
      expect((await paymentsWith(headers)).status).toBe(200);
      const replay = await paymentsWith(headers);
      expect(replay.status).toBe(401);
    });

    function sign(options: { secret?: string; nowMs?: number; audience?: string; body?: string }) {
      return signCredential(
        options.secret ?? TEST_GATEWAY_SECRET,
        {
          audience: options.audience ?? 'payments',
          caller: { userId: 'demo', appId: 'hutong-demo', scopes: new Set(ALL_SCOPES) },
          requestId: 'test-request-0001',
          body: options.body ?? ME,
        },
        options.nowMs,
      );
    }
    function editedClaims(token: string, change: Record<string, unknown>) {
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      return `${header}.${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`;
    }
    function swapHeader(token: string) {
      const [, payload, signature] = token.split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    }
  });

  describe('apps are identities', () => {
    it('refuses an anonymous request whose app id is not registered, so rotating ids buys nothing', async () => {
      const url = await gatewayWith({ HUTONG_RATE_USER_BURST: '1000' });
      const before = subgraphRequests();
      let answered = 0;
      for (let i = 0; i < 60; i++) {
        const { status, body } = await post(url, persisted('MiniProgramHome', HUBIN), {
          'x-app-id': `rotated-${i}`,
        });
        expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
        if (status === 200) answered++;
      }
      expect(answered).toBe(0);
      expect(subgraphRequests()).toBe(before);
    });

    it('spends one address budget whichever registered apps it claims', async () => {
      const url = await gatewayWith({
        HUTONG_RATE_USER_BURST: '5',
        HUTONG_RATE_USER_PER_SECOND: '1',
      });
      const apps = ['hutong-demo', 'west-lake-guide'];
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++)
        statuses.push(
          (await post(url, persisted('MiniProgramHome', HUBIN), { 'x-app-id': apps[i % 2]! }))
            .status,
        );
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6);
      expect(statuses).toContain(429);
    });

    it("lets no stranger claiming an app spend the budget of that app's signed-in users", async () => {
      const url = await gatewayWith({
        HUTONG_RATE_APP_BURST: '20',
        HUTONG_RATE_APP_PER_SECOND: '1',
        HUTONG_RATE_USER_BURST: '1000',
      });
      // A stranger floods the gateway, claiming the demo app, until refused.
      let refused = 0;
      for (let i = 0; i < 40; i++) {
        const { status } = await post(
          url,
          { ...persisted('MiniProgramHome', HUBIN) },
          { 'x-app-id': 'hutong-demo' },
        );
        if (status === 429) refused++;
      }
      expect(refused).toBeGreaterThan(0);
      // The app's own users are untouched: twenty of them, each answered.
      for (let i = 0; i < 20; i++) {
        const { status, body } = await post(
          url,
          persisted('MiniProgramHome', HUBIN),
          productionBearer(`user-${i}`),
        );
        expect([i, status, body.errors?.[0]?.extensions?.code]).toEqual([i, 200, undefined]);
      }
    });

    it('keys the per-app limit by the verified app of the token, each app by its own bucket', async () => {
      const url = await gatewayWith({
        HUTONG_RATE_APP_BURST: '3',
        HUTONG_RATE_APP_PER_SECOND: '1',
        HUTONG_RATE_USER_BURST: '1000',
      });
      const ask = (user: string, app: string) =>
        post(
          url,
          persisted('MiniProgramHome', HUBIN),
          productionBearer(user, { app, scopes: ['profile'] }),
        );
      for (let i = 0; i < 3; i++) expect((await ask(`u-${i}`, 'hutong-demo')).status).toBe(200);
      const refused = await ask('u-9', 'hutong-demo');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.errors[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: 1,
      });
      expect(refused.body.errors[0].extensions.requestId).toEqual(expect.any(String));
      // The app's header does not move a user to another bucket: the token's app is the app.
      const claimingOther = await post(url, persisted('MiniProgramHome', HUBIN), {
        ...productionBearer('u-10', { app: 'hutong-demo' }),
        'x-app-id': 'west-lake-guide',
      });
      expect(claimingOther.status).toBe(429);
      // west-lake-guide has a bucket of its own in the registry.
      expect((await ask('u-11', 'west-lake-guide')).status).toBe(200);
    });

    it('counts requests by verified app in the metrics, not by what a header claims', async () => {
      const gateway = await graph.gateway({ HUTONG_RATE_USER_BURST: '1000' });
      await post(
        gateway.gatewayUrl,
        persisted('MiniProgramHome', HUBIN),
        productionBearer('demo', { app: 'west-lake-guide' }),
      );
      await post(gateway.gatewayUrl, persisted('MiniProgramHome', HUBIN), {
        'x-app-id': 'hutong-demo',
      });
      const text = await gateway.gateway.observability.metrics.registry.metrics();
      expect(text).toMatch(/hutong_gateway_requests_total\{[^}]*app="west-lake-guide"[^}]*\} 1/);
      expect(text).toMatch(/hutong_gateway_requests_total\{[^}]*app="none"[^}]*\} 1/);
      expect(text).not.toMatch(/app="hutong-demo"/);
    });

    it('refuses the tokens of a suspended app, and an anonymous request claiming it', async () => {
      const url = await gatewayWith();
      const token = await post(
        url,
        persisted('MiniProgramHome', HUBIN),
        productionBearer('demo', { app: 'lucky-draw' }),
      );
      expect(token.status).toBe(403);
      expect(token.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const claimed = await post(url, persisted('MiniProgramHome', HUBIN), {
        'x-app-id': 'lucky-draw',
      });
      expect(claimed.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it.each([
      ['with no exp', { claims: { exp: undefined } }],
      ['valid for a hundred years', { expiresIn: '36500d' }],
      ['for the subject "demo "', { user: 'demo ' }],
      ['expired', { expiresIn: -600 }],
      ['signed by a key the sign-in service never published', { stranger: true }],
    ])('refuses a token %s with UNAUTHENTICATED and writes nothing', async (_, variant: any) => {
      const url = await gatewayWith();
      const token = variant.stranger
        ? new TestSignIn().sign('demo')
        : signIn.sign(variant.user ?? 'demo', {
            expiresIn: variant.expiresIn,
            claims: variant.claims,
          });
      const before = subgraphRequests();
      const { status, body } = await post(
        url,
        persisted('StoreArrive', {
          storeId: 'store-kfc-hubin',
          at: STORE_POSITIONS['store-kfc-hubin'],
          idempotencyKey: 'arrive-refused-0001',
        }),
        { authorization: `Bearer ${token}`, [REQUEST_ID_HEADER]: 'client-req-token-1' },
      );
      expect(status).toBe(401);
      expect(body.errors[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        requestId: 'client-req-token-1',
      });
      expect(body.data).toBeUndefined();
      expect(subgraphRequests()).toBe(before);
    });
  });

  describe('consent', () => {
    it('answers what the token does not allow as null with FORBIDDEN at its path, and the rest in full', async () => {
      const url = await gatewayWith({ HUTONG_RATE_USER_BURST: '1000' });
      const full = await post(url, persisted('MiniProgramHome', HUBIN), productionBearer('demo'));
      expect(full.body.errors).toBeUndefined();
      expect(full.body.data.me.membership).not.toBeNull();
      // The guide may ask for profile and location only: membership is not its to see.
      const guide = await post(
        url,
        persisted('MiniProgramHome', HUBIN),
        productionBearer('demo', {
          app: 'west-lake-guide',
          scopes: ['profile', 'location', 'membership'],
        }),
      );
      expect(guide.status).toBe(200);
      const { data, errors } = guide.body;
      expect(data.me).toEqual({ ...full.body.data.me, membership: null });
      expect(data.trendingTopics).toEqual(full.body.data.trendingTopics);
      const stores = data.nearbyStores.edges.map((edge: any) => edge.node);
      const fullStores = full.body.data.nearbyStores.edges.map((edge: any) => edge.node);
      expect(stores).toEqual(fullStores.map((store: any) => ({ ...store, memberOffer: null })));
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions.code).toBe('FORBIDDEN');
        expect(error.message).toContain('membership');
      }
      expect(errors.map((error: any) => error.path.join('.'))).toContain('me.membership');
    });
  });

  describe('the app registry', () => {
    it('suspends an app without a restart, and keeps serving the last good registry', async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-apps-')), 'apps.yaml');
      const registry = (status: string) =>
        `apps:\n  - { id: hutong-demo, name: Demo, status: ${status}, scopes: [profile], operations: [MiniProgramHome] }\n`;
      fs.writeFileSync(file, registry('active'));
      const url = await gatewayWith({ HUTONG_APPS: file, HUTONG_APPS_POLL_MS: '100' });
      const home = () => post(url, persisted('MiniProgramHome', HUBIN), productionBearer('demo'));
      // Served (200), or refused as a suspended app's (403).
      const eventually = async (status: number) => {
        for (let i = 0; i < 100; i++) {
          if ((await home()).status === status) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`never answered HTTP ${status}`);
      };
      await eventually(200);
      fs.writeFileSync(file, registry('suspended'));
      await eventually(403);
      // A registry that does not parse is ignored: the suspension stands.
      fs.writeFileSync(file, 'apps: [ {');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const refused = await home();
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
      fs.writeFileSync(file, registry('active'));
      await eventually(200);
    });
  });

  describe('per-app safelists', () => {
    it("answers another app's operation id with PERSISTED_QUERY_NOT_FOUND, and runs nothing", async () => {
      const url = await gatewayWith({ HUTONG_RATE_USER_BURST: '1000' });
      const arrive = persisted('StoreArrive', {
        storeId: 'store-kfc-hubin',
        at: STORE_POSITIONS['store-kfc-hubin'],
        idempotencyKey: 'arrive-other-app-01',
      });
      const before = subgraphRequests();
      const guide = await post(url, arrive, productionBearer('demo', { app: 'west-lake-guide' }));
      expect(guide.status).toBe(400);
      expect(guide.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(guide.body.errors[0].message).toContain(
        'The app west-lake-guide ships no persisted operation with the id',
      );
      expect(guide.body.errors[0].message).toContain(
        "under the app's operations in the app registry",
      );
      const claimed = await post(url, arrive, { 'x-app-id': 'west-lake-guide' });
      expect(claimed.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      // The operation's text, sent as free text, is the same operation: refused too.
      const text = await post(
        url,
        {
          query: MANIFEST.find((o) => o.name === 'StoreArrive')!.body,
          variables: arrive.variables,
        },
        productionBearer('demo', { app: 'west-lake-guide' }),
      );
      expect(text.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(subgraphRequests()).toBe(before);
      // The app that ships it runs it.
      const demo = await post(url, arrive, productionBearer('demo', { app: 'hutong-demo' }));
      expect(demo.body.errors).toBeUndefined();
    });

    it('runs no persisted operation for a request that names no app', async () => {
      const url = await gatewayWith();
      const { body } = await post(url, persisted('MiniProgramHome', HUBIN));
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });
});
