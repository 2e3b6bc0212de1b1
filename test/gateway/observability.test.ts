/**
 * What operators see of the graph: Prometheus metrics at /metrics on the
 * gateway and each subgraph, one OpenTelemetry trace per request from the
 * gateway through the subgraphs (and nothing at all with tracing off), and
 * JSON log lines that carry the request id.
 *
 * Every subgraph runs twice over one seeded database: traced, behind a traced
 * gateway, and untraced, behind an untraced gateway whose food goes through a
 * proxy that can fail on demand and whose log lines the tests read.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import type { Database } from '../../subgraphs/kit/database';
import { createLogger, type Logger } from '../../lib/logger';
import { createSubgraphService, type SubgraphService } from '../../subgraphs/kit/subgraph';
import { createGateway, type GatewayService } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs';
import { startFaultySubgraph, type FaultySubgraph } from '../support/faults';
import {
  bearer,
  HUBIN,
  openSeededDatabases,
  postGraphQL,
  readOperation,
  silentLog,
  testGatewayConfig,
  testSubgraphConfig,
} from '../support/harness';
import { parsePrometheus, scrape, valueOf } from '../support/prometheus';

const HOME = readOperation('MiniProgramHome');

interface Subgraph {
  service: SubgraphService;
  url: string;
  base: string;
}

async function startSubgraph(
  name: SubgraphName,
  db: Database,
  options: { spanExporter?: InMemorySpanExporter; onTraceparent?: (value: string) => void },
): Promise<Subgraph> {
  const service = await createSubgraphService(SUBGRAPHS[name], {
    config: testSubgraphConfig(name),
    db,
    log: silentLog,
    ...(options.spanExporter ? { spanExporter: options.spanExporter } : {}),
  });
  service.app.addHook('onRequest', async (request) => {
    const traceparent = request.headers.traceparent;
    if (typeof traceparent === 'string') options.onTraceparent?.(traceparent);
  });
  const base = await service.listen(0, '127.0.0.1');
  return { service, base, url: `${base}/graphql` };
}

async function startGateway(
  urls: Record<SubgraphName, string>,
  options: { env?: Record<string, string>; log?: Logger; spanExporter?: InMemorySpanExporter },
): Promise<{ gateway: GatewayService; base: string; url: string }> {
  const gateway = await createGateway({
    config: testGatewayConfig(options.env),
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: urls,
    log: options.log ?? silentLog,
    ...(options.spanExporter ? { spanExporter: options.spanExporter } : {}),
  });
  const base = await gateway.listen(0, '127.0.0.1');
  return { gateway, base, url: `${base}/graphql` };
}

async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const byName = <T>(make: (name: SubgraphName) => T) =>
  Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, make(name)])) as Record<SubgraphName, T>;

describe('observability', () => {
  const exporter = new InMemorySpanExporter();
  const traceparentsSeenUntraced: string[] = [];
  const logLines: Record<string, any>[] = [];
  const captureLog = createLogger('gateway', 'info', {
    write: (line: string) => logLines.push(JSON.parse(line)),
  });
  let databases: Record<SubgraphName, Database>;
  let traced: Record<SubgraphName, Subgraph>;
  let untraced: Record<SubgraphName, Subgraph>;
  let food: FaultySubgraph;
  let tracedGateway: Awaited<ReturnType<typeof startGateway>>;
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    databases = await openSeededDatabases();
    traced = {} as Record<SubgraphName, Subgraph>;
    untraced = {} as Record<SubgraphName, Subgraph>;
    for (const name of SUBGRAPH_NAMES) {
      traced[name] = await startSubgraph(name, databases[name], { spanExporter: exporter });
      untraced[name] = await startSubgraph(name, databases[name], {
        onTraceparent: (value) => traceparentsSeenUntraced.push(value),
      });
    }
    food = await startFaultySubgraph(untraced.food.url);
    tracedGateway = await startGateway(
      byName((name) => traced[name].url),
      { spanExporter: exporter },
    );
    gateway = await startGateway(
      byName((name) => (name === 'food' ? food.url : untraced[name].url)),
      {
        log: captureLog,
        env: {
          HUTONG_BREAKER_FAILURES: '2',
          HUTONG_BREAKER_HALF_OPEN_MS: '300',
          HUTONG_BODY_LIMIT_BYTES: '10000',
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    await tracedGateway?.gateway.close();
    await gateway?.gateway.close();
    await food?.close();
    for (const subgraph of [...Object.values(traced ?? {}), ...Object.values(untraced ?? {})])
      await subgraph.service.close();
    for (const db of Object.values(databases ?? {})) await db.close();
  });

  afterEach(() => {
    food.mode = 'pass';
  });

  describe('metrics', () => {
    it('counts a request by operation and outcome, and every subgraph fetch it made', async () => {
      const before = (await scrape(gateway.base)).text;
      const foodBefore = (await scrape(untraced.food.base)).text;
      const tracedBefore = (await scrape(tracedGateway.base)).text;

      const { body } = await postGraphQL(gateway.url, HOME, HUBIN, bearer('demo'));
      expect(body.errors).toBeUndefined();
      const home = { operation: 'MiniProgramHome', outcome: 'ok' };
      await waitUntil(
        () => logLines.some((line) => line.operationName === 'MiniProgramHome'),
        'the request to finish',
      );

      const { status, type, text: after } = await scrape(gateway.base);
      expect(status).toBe(200);
      expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
      const delta = (name: string, labels: Record<string, string>) =>
        valueOf(after, name, labels) - valueOf(before, name, labels);
      expect(delta('hutong_gateway_requests_total', home)).toBe(1);
      expect(delta('hutong_gateway_request_duration_seconds_count', home)).toBe(1);
      for (const subgraph of SUBGRAPH_NAMES)
        expect(
          delta('hutong_gateway_subgraph_fetch_duration_seconds_count', {
            subgraph,
            outcome: 'ok',
          }),
        ).toBeGreaterThan(0);
      expect(after).toContain('process_resident_memory_bytes');
      // Another gateway in the same process counted nothing of it.
      expect(
        valueOf((await scrape(tracedGateway.base)).text, 'hutong_gateway_requests_total', home),
      ).toBe(valueOf(tracedBefore, 'hutong_gateway_requests_total', home));

      const foodAfter = (await scrape(untraced.food.base)).text;
      const served = parsePrometheus(foodAfter).filter(
        (sample) =>
          sample.name === 'hutong_subgraph_requests_total' &&
          sample.labels.outcome === 'ok' &&
          sample.labels.operation!.startsWith('MiniProgramHome__food__'),
      );
      expect(served.map((sample) => sample.labels.subgraph)).toContain('food');
      const statements = (text: string) =>
        valueOf(text, 'hutong_subgraph_db_statement_duration_seconds_count', { outcome: 'ok' });
      expect(statements(foodAfter)).toBeGreaterThan(statements(foodBefore));
    });

    it('labels refused requests "refused", and operations only by validated names', async () => {
      const before = (await scrape(gateway.base)).text;
      expect((await postGraphQL(gateway.url, '{ noSuchField }')).status).toBe(400);
      await postGraphQL(gateway.url, 'query Ping { __typename }');
      await postGraphQL(gateway.url, '{ __typename }');
      const invented = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ noSuchField }', operationName: 'Invented' }),
      });
      expect(invented.status).toBe(400);
      await waitUntil(
        () => logLines.filter((l) => l.msg === 'request completed').length >= 4,
        'the requests to finish',
      );

      const after = (await scrape(gateway.base)).text;
      const delta = (operation: string, outcome: string) =>
        valueOf(after, 'hutong_gateway_requests_total', { operation, outcome }) -
        valueOf(before, 'hutong_gateway_requests_total', { operation, outcome });
      expect(delta('other', 'refused')).toBe(2);
      expect(delta('Ping', 'ok')).toBe(1);
      expect(delta('anonymous', 'ok')).toBe(1);
      expect(after).not.toContain('Invented');
    });

    it('counts subgraph failures by reason, and shows the circuit opening and closing', async () => {
      const circuit = async () =>
        Object.fromEntries(
          parsePrometheus((await scrape(gateway.base)).text)
            .filter(
              (s) => s.name === 'hutong_gateway_circuit_state' && s.labels.subgraph === 'food',
            )
            .map((s) => [s.labels.state, s.value]),
        );
      const failures = async (reason: string) =>
        valueOf((await scrape(gateway.base)).text, 'hutong_gateway_subgraph_fetch_errors_total', {
          subgraph: 'food',
          reason,
        });
      expect(await circuit()).toMatchObject({ closed: 1, open: 0 });
      const garbageBefore = await failures('garbage');
      const openBefore = await failures('circuit_open');

      food.mode = 'garbage';
      const { body } = await postGraphQL(gateway.url, HOME, HUBIN, bearer('demo'));
      expect(body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(await failures('garbage')).toBeGreaterThan(garbageBefore);
      // Enough failures open food's circuit; the next fetch is refused without an attempt.
      await postGraphQL(gateway.url, HOME, HUBIN, bearer('demo'));
      await postGraphQL(gateway.url, HOME, HUBIN, bearer('demo'));
      expect(await circuit()).toMatchObject({ closed: 0, open: 1 });
      expect(await failures('circuit_open')).toBeGreaterThan(openBefore);
      const errors = valueOf((await scrape(gateway.base)).text, 'hutong_gateway_requests_total', {
        operation: 'MiniProgramHome',
        outcome: 'errors',
      });
      expect(errors).toBeGreaterThanOrEqual(3);

      food.mode = 'pass';
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(
        (await postGraphQL(gateway.url, HOME, HUBIN, bearer('demo'))).body.errors,
      ).toBeUndefined();
      expect(await circuit()).toMatchObject({ closed: 1, open: 0 });
    });
  });

  describe('traces', () => {
    const gatewaySpan = (spans: ReadableSpan[], requestId: string) =>
      spans.find(
        (span) =>
          span.resource.attributes['service.name'] === 'hutong-gateway' &&
          span.kind === 1 &&
          span.attributes['hutong.request_id'] === requestId,
      );

    it('follows one request from the gateway through every subgraph in one trace', async () => {
      exporter.reset();
      const requestId = 'trace-test-request-1';
      const { body } = await postGraphQL(tracedGateway.url, HOME, HUBIN, {
        ...bearer('demo'),
        'x-request-id': requestId,
      });
      expect(body.errors).toBeUndefined();
      await waitUntil(
        () => gatewaySpan(exporter.getFinishedSpans(), requestId) !== undefined,
        'the gateway span',
      );
      const spans = exporter.getFinishedSpans();
      const root = gatewaySpan(spans, requestId)!;
      const traceId = root.spanContext().traceId;

      expect(root.name).toBe('query MiniProgramHome');
      expect(root.parentSpanContext).toBeUndefined();
      expect(root.attributes).toMatchObject({
        'graphql.operation.name': 'MiniProgramHome',
        'graphql.operation.type': 'query',
        'http.response.status_code': 200,
      });
      expect(spans.every((span) => span.spanContext().traceId === traceId)).toBe(true);

      const fetches = spans.filter((span) => span.kind === 2);
      const served = spans.filter((span) => span.kind === 1 && span !== root);
      expect(new Set(fetches.map((span) => span.attributes['hutong.subgraph']))).toEqual(
        new Set(SUBGRAPH_NAMES),
      );
      for (const fetch of fetches) {
        expect(fetch.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
        expect(fetch.attributes['hutong.request_id']).toBe(requestId);
      }
      expect(served).toHaveLength(fetches.length);
      for (const span of served) {
        const parent = fetches.find(
          (f) => f.spanContext().spanId === span.parentSpanContext?.spanId,
        );
        expect(parent).toBeDefined();
        expect(span.resource.attributes['service.name']).toBe(
          `hutong-${parent!.attributes['hutong.subgraph']}`,
        );
        expect(span.attributes['hutong.request_id']).toBe(requestId);
        expect(span.attributes['graphql.operation.name']).toMatch(/^MiniProgramHome__/);
      }
    });

    it('with tracing off, has no tracer, sends no trace context and leaves the global API alone', async () => {
      expect(gateway.gateway.observability.tracing).toBeUndefined();
      for (const name of SUBGRAPH_NAMES)
        expect(untraced[name].service.observability.tracing).toBeUndefined();
      const { body } = await postGraphQL(gateway.url, HOME, HUBIN, bearer('demo'));
      expect(body.errors).toBeUndefined();
      expect(traceparentsSeenUntraced).toEqual([]);
      expect(trace.getTracerProvider().getTracer('any').startSpan('any').isRecording()).toBe(false);
    });

    it('exports spans over OTLP/HTTP to the configured endpoint, with the configured headers', async () => {
      const received: { path?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
      const collector = http.createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          received.push({ path: request.url, headers: request.headers, body });
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
      const { port } = collector.address() as AddressInfo;
      const exporting = await startGateway(
        byName((name) => untraced[name].url),
        {
          env: {
            HUTONG_OTLP_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
            HUTONG_OTLP_HEADERS: 'authorization=Bearer%20collector-key',
          },
        },
      );
      try {
        await postGraphQL(
          exporting.url,
          'query Ping { __typename }',
          {},
          { 'x-request-id': 'otlp-test-request' },
        );
      } finally {
        // Closing flushes what the batch still holds.
        await exporting.gateway.close();
        await new Promise((resolve) => collector.close(resolve));
      }
      expect(received.length).toBeGreaterThan(0);
      expect(received[0]!.path).toBe('/v1/traces');
      expect(received[0]!.headers.authorization).toBe('Bearer collector-key');
      const sent = received.map((r) => r.body).join('\n');
      expect(sent).toContain('hutong-gateway');
      expect(sent).toContain('otlp-test-request');
    });
  });

  describe('logs', () => {
    const completion = (requestId: string) =>
      logLines.find((line) => line.requestId === requestId && line.msg === 'request completed');

    it('writes one line per request when it completes: id, operation, outcome, time, status', async () => {
      const requestId = 'log-test-request-1';
      await postGraphQL(gateway.url, HOME, HUBIN, { ...bearer('demo'), 'x-request-id': requestId });
      await waitUntil(() => completion(requestId) !== undefined, 'the completion line');
      expect(logLines.filter((line) => line.requestId === requestId)).toEqual([
        {
          level: 30,
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          service: 'gateway',
          requestId,
          operationName: 'MiniProgramHome',
          // The app the token was verified for.
          app: 'hutong-demo',
          outcome: 'ok',
          durationMs: expect.any(Number),
          status: 200,
          msg: 'request completed',
        },
      ]);
    });

    it("puts the request id on every line a request writes, and in the client's answer", async () => {
      const requestId = 'log-test-request-2';
      food.mode = 'garbage';
      const from = logLines.length;
      const { body } = await postGraphQL(gateway.url, HOME, HUBIN, {
        ...bearer('demo'),
        'x-request-id': requestId,
      });
      await waitUntil(() => completion(requestId) !== undefined, 'the completion line');
      const written = logLines.slice(from);
      expect(written.map((line) => [line.msg, line.requestId])).toEqual(
        expect.arrayContaining([
          ['subgraph fetch failed', requestId],
          ['request completed', requestId],
        ]),
      );
      expect(written.every((line) => line.requestId === requestId)).toBe(true);
      expect(completion(requestId)).toMatchObject({ outcome: 'errors', status: 200 });
      expect(body.errors?.[0]?.extensions?.requestId).toBe(requestId);
    });

    it('gives a request refused before GraphQL runs an id, a line and a response header', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(20_000) }),
      });
      expect(response.status).toBe(413);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      await waitUntil(() => completion(requestId!) !== undefined, 'the completion line');
      expect(completion(requestId!)).toMatchObject({ outcome: 'refused', status: 413 });
    });
  });
});
