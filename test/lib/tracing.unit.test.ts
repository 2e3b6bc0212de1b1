/**
 * Tracing's configuration (off unless an endpoint is set), and the W3C trace
 * context one service hands the next.
 */
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ConfigError } from '../../lib/config';
import { loadGatewayConfig } from '../../gateway/config';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import { injectTraceContext, Tracing, withSpan } from '../../lib/tracing';

const ON = { endpoint: 'http://127.0.0.1:4318/v1/traces', headers: {}, sampleRatio: 1 };

describe('tracing configuration', () => {
  it('is off by default, for the gateway and every subgraph', () => {
    expect(loadGatewayConfig({}).tracing).toEqual({
      endpoint: undefined,
      headers: {},
      sampleRatio: 1,
    });
    expect(loadSubgraphConfig('food', {}).tracing.endpoint).toBeUndefined();
    expect(Tracing.create('hutong-gateway', loadGatewayConfig({}).tracing)).toBeUndefined();
  });

  it('reads the endpoint, the headers (percent-decoded) and the sample ratio', () => {
    const env = {
      HUTONG_OTLP_ENDPOINT: 'https://otlp.example.com/v1/traces',
      HUTONG_OTLP_HEADERS: 'Authorization=Bearer%20abc, x-team = maps',
      HUTONG_OTLP_SAMPLE_RATIO: '0.25',
    };
    expect(loadSubgraphConfig('maps', env).tracing).toEqual({
      endpoint: 'https://otlp.example.com/v1/traces',
      headers: { authorization: 'Bearer abc', 'x-team': 'maps' },
      sampleRatio: 0.25,
    });
  });

  it('names every bad value', () => {
    let problems: string[] = [];
    try {
      loadGatewayConfig({
        HUTONG_OTLP_ENDPOINT: 'collector:4318',
        HUTONG_OTLP_HEADERS: 'just-a-token',
        HUTONG_OTLP_SAMPLE_RATIO: '2',
      });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringContaining('HUTONG_OTLP_ENDPOINT'),
      expect.stringContaining('HUTONG_OTLP_HEADERS'),
      expect.stringContaining('HUTONG_OTLP_SAMPLE_RATIO'),
    ]);
  });
});

describe('trace context', () => {
  it('carries a client span to the next service, whose server span continues the trace', async () => {
    const exporter = new InMemorySpanExporter();
    const gateway = Tracing.create('hutong-gateway', ON, exporter)!;
    const subgraph = Tracing.create('hutong-food', ON, exporter)!;
    const fetch = gateway.startClientSpan('POST food', {}, undefined);
    const headers = injectTraceContext(fetch, { 'content-type': 'application/json' });
    expect(headers['content-type']).toBe('application/json');
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const served = subgraph.startServerSpan('POST /graphql', {}, headers);
    served.end();
    fetch.end();
    const [server, client] = exporter.getFinishedSpans();
    expect(server!.spanContext().traceId).toBe(client!.spanContext().traceId);
    expect(server!.parentSpanContext?.spanId).toBe(client!.spanContext().spanId);
    expect(server!.resource.attributes['service.name']).toBe('hutong-food');
    expect(client!.resource.attributes['service.name']).toBe('hutong-gateway');
  });

  it('passes a decision not to sample on to the next service', () => {
    const exporter = new InMemorySpanExporter();
    const gateway = Tracing.create('hutong-gateway', { ...ON, sampleRatio: 0 }, exporter)!;
    const subgraph = Tracing.create('hutong-food', ON, exporter)!;
    const request = gateway.startServerSpan('POST /graphql', {});
    const headers = injectTraceContext(gateway.startClientSpan('POST food', {}, request), {});
    expect(headers.traceparent).toMatch(/-00$/);
    expect(subgraph.startServerSpan('POST /graphql', {}, headers).isRecording()).toBe(false);
  });

  it('marks a span failed when its work throws, and ends it either way', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = Tracing.create('hutong-gateway', ON, exporter)!;
    await withSpan(tracing.startClientSpan('ok', {}, undefined), async () => 'fine');
    await expect(
      withSpan(
        tracing.startClientSpan('failed', {}, undefined),
        async () => {
          throw new Error('subgraph answered HTTP 503');
        },
        () => 'http_5xx',
      ),
    ).rejects.toThrow('HTTP 503');
    const [ok, failed] = exporter.getFinishedSpans();
    expect(ok!.status.code).toBe(0);
    expect(failed!.status.code).toBe(2);
    expect(failed!.attributes['error.type']).toBe('http_5xx');
    expect(failed!.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('leaves the global OpenTelemetry API untouched', () => {
    Tracing.create('hutong-gateway', ON, new InMemorySpanExporter());
    expect(trace.getTracerProvider().getTracer('x').startSpan('y').isRecording()).toBe(false);
  });
});
