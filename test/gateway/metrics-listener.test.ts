/**
 * Where /metrics answers: in production on a listener of its own (9090 for
 * the gateway, 9091-9095 for the subgraphs; port 0 here), never on the port
 * clients reach, which answers 404 there; in development on the service's
 * port, as before.
 */
import fs from 'node:fs';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import { createSubgraphService } from '../../subgraphs/kit/subgraph';
import { openMigratedPglite } from '../support/database-templates';
import { createGateway } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs';
import { gatewayCredential, silentLog, testGatewayConfig } from '../support/harness';
import { PRODUCTION_ENV } from '../support/production';
import { scrape, valueOf } from '../support/prometheus';
import { waitFor } from '../support/steady-load';

interface Running {
  serviceUrl: string;
  metricsUrl: string | undefined;
  /** A GraphQL request the service serves, and the counter it shows up in. */
  ping(): Promise<number>;
  counter: string;
  close(): Promise<void>;
}

const PING = JSON.stringify({ query: 'query Ping { __typename }' });

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.text();
  return response.status;
}

async function gateway(env: Record<string, string>): Promise<Running> {
  const service = await createGateway({
    // Free text, so that the ping needs no manifest entry; nothing here concerns operations.
    config: testGatewayConfig({ ...env, HUTONG_PERSISTED_ONLY: 'false' }),
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    log: silentLog,
  });
  const serviceUrl = await service.listen(0, '127.0.0.1');
  return {
    serviceUrl,
    metricsUrl: service.metricsUrl,
    ping: () => post(`${serviceUrl}/graphql`, PING, { 'apollo-require-preflight': 'true' }),
    counter: 'hutong_gateway_requests_total',
    close: () => service.close(),
  };
}

async function subgraph(env: Record<string, string>): Promise<Running> {
  const definition = SUBGRAPHS.maps;
  const db = await openMigratedPglite(definition);
  const service = await createSubgraphService(definition, {
    config: loadSubgraphConfig(definition.name, env),
    db,
    log: silentLog,
  });
  const serviceUrl = await service.listen(0, '127.0.0.1');
  return {
    serviceUrl,
    metricsUrl: service.metricsUrl,
    ping: () => post(`${serviceUrl}/graphql`, PING, gatewayCredential(definition.name, PING)),
    counter: 'hutong_subgraph_requests_total',
    close: async () => {
      await service.close();
      await db.close();
    },
  };
}

const PRODUCTION_SUBGRAPH_ENV = {
  ...PRODUCTION_ENV,
  HUTONG_HOST: '127.0.0.1',
  HUTONG_MAPS_METRICS_PORT: '0',
};

describe.each([
  ['the gateway', () => gateway({ ...PRODUCTION_ENV, HUTONG_HOST: '127.0.0.1' })],
  ['a subgraph', () => subgraph(PRODUCTION_SUBGRAPH_ENV)],
])('%s in production', (_name, start) => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(() => running.close());

  it('serves no metrics on the service port', async () => {
    const response = await fetch(`${running.serviceUrl}/metrics`);
    // The gateway has no such route; a subgraph answers nobody without the gateway's credential.
    expect([404, 401]).toContain(response.status);
    expect((await response.json()).errors[0].extensions.code).toMatch(
      /^(NOT_FOUND|UNAUTHENTICATED)$/,
    );
  });

  it('answers Prometheus text on its metrics port, counting what the service port served', async () => {
    expect(running.metricsUrl).toBeDefined();
    expect(new URL(running.metricsUrl!).port).not.toBe(new URL(running.serviceUrl).port);
    const before = valueOf((await scrape(running.metricsUrl!)).text, running.counter, {
      operation: 'Ping',
    });
    expect(await running.ping()).toBe(200);
    // A request is counted once its connection closes, a moment after its answer.
    await waitFor(
      async () =>
        valueOf((await scrape(running.metricsUrl!)).text, running.counter, {
          operation: 'Ping',
        }) ===
        before + 1,
      'the request to be counted',
    );
    const { status, type, text } = await scrape(running.metricsUrl!);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('serves nothing but metrics and probes on the metrics port', async () => {
    expect(await post(`${running.metricsUrl}/graphql`, PING)).toBe(404);
    expect((await fetch(`${running.metricsUrl}/health`)).status).toBe(200);
  });
});

describe.each([
  ['the gateway', () => gateway({})],
  ['a subgraph', () => subgraph({ NODE_ENV: 'test' })],
])('%s in development', (_name, start) => {
  let running: Running;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(() => running.close());

  it('answers /metrics on the service port', async () => {
    expect(running.metricsUrl).toBe(running.serviceUrl);
    const { status, text } = await scrape(running.serviceUrl);
    expect(status).toBe(200);
    expect(text).toContain(`# TYPE ${running.counter} counter`);
  });
});
