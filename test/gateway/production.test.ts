/**
 * The gateway in production configuration: persisted operations only, rate
 * limits, CORS, request ids, subgraphs that trust the gateway alone, and the
 * GraphQL-over-HTTP audit.
 */
import { auditServer } from 'graphql-http';
import { REQUEST_ID_HEADER } from '../../lib/identity';
import { loadManifest } from '../../gateway/manifest';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { HUBIN } from '../support/harness';
import { productionBearer, productionGraph } from '../support/production';

const HOME_ID = [...loadManifest(PERSISTED_OPERATIONS_FILE).values()].find(
  (o) => o.name === 'MiniProgramHome',
)!.id;
/** Anonymous requests name their app; production runs only that app's operations. */
const DEMO_APP = { 'x-app-id': 'hutong-demo' };
const persisted = (id: string) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: id } },
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

describe('the gateway in production configuration', () => {
  const graph = productionGraph();
  const { gatewayWith, subgraphRequests } = graph;

  describe('persisted operations', () => {
    let url: string;
    beforeAll(async () => {
      url = await gatewayWith();
    });

    it('serves a manifest operation by id over POST', async () => {
      const { status, body } = await post(
        url,
        { ...persisted(HOME_ID), variables: HUBIN },
        productionBearer('demo'),
      );
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.me.id).toBe('demo');
    });

    it('serves a manifest query by id over GET, so that it can be cached', async () => {
      const search = new URLSearchParams({
        extensions: JSON.stringify(persisted(HOME_ID).extensions),
        variables: JSON.stringify(HUBIN),
      });
      const response = await fetch(`${url}?${search}`, {
        headers: { 'apollo-require-preflight': 'true', ...DEMO_APP },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.data.nearbyStores.edges).toHaveLength(10);
    });

    it('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND, saying how an operation is served', async () => {
      const { status, body } = await post(url, persisted('0'.repeat(64)), DEMO_APP);
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(body.errors[0].message).toContain(`the id ${'0'.repeat(64)}`);
      expect(body.errors[0].message).toContain('schema/apps.yaml');
    });

    it('refuses free text that is not in the manifest, before reaching any subgraph', async () => {
      const before = subgraphRequests();
      const { status, body } = await post(url, { query: '{ trendingTopics(first: 50) { id } }' });
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
      expect(subgraphRequests()).toBe(before);
    });

    it.each([
      [
        'a name it does not have',
        { ...persisted(HOME_ID), variables: HUBIN, operationName: 'Nope' },
        'OPERATION_RESOLUTION_FAILURE',
      ],
      [
        'extensions that are not JSON beside its documentId',
        { documentId: HOME_ID, variables: HUBIN, extensions: '{' },
        'BAD_REQUEST',
      ],
    ])(
      'refuses a manifest operation with %s, before reaching any subgraph',
      async (_, body, code) => {
        const before = subgraphRequests();
        const answer = await post(url, body, DEMO_APP);
        expect(answer.status).toBe(400);
        expect(answer.body.errors[0].extensions.code).toBe(code);
        expect(subgraphRequests()).toBe(before);
      },
    );

    it('echoes the client request id in the response and its errors', async () => {
      const { body } = await post(url, persisted('f'.repeat(64)), {
        [REQUEST_ID_HEADER]: 'client-req-12345',
        ...DEMO_APP,
      });
      expect(body.errors[0].extensions).toMatchObject({
        code: 'PERSISTED_QUERY_NOT_FOUND',
        requestId: 'client-req-12345',
      });
      const ok = await post(
        url,
        { ...persisted(HOME_ID), variables: { lat: 95, lng: 0 } },
        { [REQUEST_ID_HEADER]: 'client-req-67890', ...DEMO_APP },
      );
      expect(ok.headers.get(REQUEST_ID_HEADER)).toBe('client-req-67890');
      expect(ok.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        requestId: 'client-req-67890',
      });
    });
  });

  describe('rate limits', () => {
    it('limits a user to theirs, whatever app they come through', async () => {
      const url = await gatewayWith({
        HUTONG_PERSISTED_ONLY: 'false',
        HUTONG_RATE_USER_BURST: '2',
        HUTONG_RATE_USER_PER_SECOND: '1',
      });
      const ask = (user: string, app: string) =>
        post(url, { query: '{ me { id } }' }, productionBearer(user, { app }));
      expect((await ask('u-lin', 'hutong-demo')).status).toBe(200);
      expect((await ask('u-lin', 'west-lake-guide')).status).toBe(200);
      expect((await ask('u-lin', 'hutong-demo')).body.errors[0].extensions.code).toBe(
        'RATE_LIMITED',
      );
      expect((await ask('u-chen', 'hutong-demo')).status).toBe(200);
    });
  });

  describe('transport', () => {
    it('answers CORS for allowed origins and nothing for others', async () => {
      const url = await gatewayWith({ HUTONG_CORS_ORIGINS: 'https://m.hutong.example' });
      const preflight = (origin: string) =>
        fetch(url, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      expect(
        (await preflight('https://m.hutong.example')).headers.get('access-control-allow-origin'),
      ).toBe('https://m.hutong.example');
      expect(
        (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    });

    it('passes the GraphQL-over-HTTP audit: no MUST fails but the two that need introspection', async () => {
      const url = await gatewayWith({
        HUTONG_PERSISTED_ONLY: 'false',
        HUTONG_RATE_APP_BURST: '100000',
        HUTONG_RATE_USER_BURST: '100000',
      });
      const results = await auditServer({ url });
      const mustFailures = results
        .filter((r) => r.status === 'error')
        .map((r) => r.id)
        .sort();
      // BF61 and 28B9 query __type; production keeps introspection off.
      expect(mustFailures).toEqual(['28B9', 'BF61']);

      // BF61: a UTF-8 request, without introspection.
      const utf8 = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify({ query: '{ topic(id: "热搜🏃") { id } }' }),
      });
      expect(utf8.status).toBe(200);
      expect(((await utf8.json()) as any).errors[0].message).toContain('热搜🏃');
      // 28B9: a variables map, without introspection.
      const withVariables = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          query: 'query ($first: Int!) { trendingTopics(first: $first) { id } }',
          variables: { first: 1 },
        }),
      });
      expect(withVariables.status).toBe(200);
      expect(((await withVariables.json()) as any).data.trendingTopics).toHaveLength(1);
    });
  });

  describe('subgraphs', () => {
    it('refuse anyone without the gateway credential, so identity cannot be forged by calling them', async () => {
      for (const credential of [undefined, 'guessed', 'a.b.c']) {
        const response = await fetch(graph.subgraphs.payments.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hutong-user-id': 'demo',
            ...(credential ? { 'x-hutong-credential': credential } : {}),
          },
          body: JSON.stringify({ query: '{ me { wallet { balance } } }' }),
        });
        expect(response.status).toBe(401);
        expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    });
  });
});
