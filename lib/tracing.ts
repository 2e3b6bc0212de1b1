/**
 * OpenTelemetry traces, off unless HUTONG_OTLP_ENDPOINT is set. Each service
 * instance builds a tracer provider of its own and never registers it
 * globally: a test process runs many services side by side, and with tracing
 * off no provider, exporter or propagator exists at all. Parents are passed
 * explicitly (the gateway finds a request's span through its GraphQL
 * context), so no global context manager is needed either.
 */
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './config';

export const ATTR_REQUEST_ID = 'hutong.request_id';
export const ATTR_SUBGRAPH = 'hutong.subgraph';
// GraphQL's attributes are still "incubating" in the semantic conventions, whose
// documentation asks users to copy them rather than import the incubating entry.
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

const propagator = new W3CTraceContextPropagator();

type Carrier = Record<string, string | string[] | undefined>;

export class Tracing {
  private constructor(
    private readonly provider: BasicTracerProvider,
    private readonly tracer: Tracer,
  ) {}

  /**
   * The tracer of the service called `service` (its `service.name`), or
   * undefined when tracing is off. An `exporter` (tests keep spans in memory)
   * turns tracing on and receives each span as it ends; otherwise spans go
   * in batches to the configured OTLP/HTTP endpoint.
   */
  static create(
    service: string,
    config: TracingConfig,
    exporter?: SpanExporter,
  ): Tracing | undefined {
    if (!config.endpoint && !exporter) return undefined;
    const processor = exporter
      ? new SimpleSpanProcessor(exporter)
      : new BatchSpanProcessor(
          new OTLPTraceExporter({ url: config.endpoint, headers: config.headers }),
        );
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
      // The gateway decides; a subgraph follows the decision it finds in traceparent.
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
      spanProcessors: [processor],
    });
    return new Tracing(provider, provider.getTracer('hutong'));
  }

  /** A server span that starts a trace, or continues the one whose context `carrier` holds. */
  startServerSpan(name: string, attributes: Attributes, carrier?: Carrier): Span {
    const parent = carrier
      ? propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter)
      : ROOT_CONTEXT;
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  }

  /** A client span, the child of `parent` (or a trace of its own without one). */
  startClientSpan(name: string, attributes: Attributes, parent: Span | undefined): Span {
    const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    return this.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, context);
  }

  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

/** A copy of `headers` carrying `span`'s W3C trace context (traceparent, tracestate). */
export function injectTraceContext(
  span: Span,
  headers: Record<string, string>,
): Record<string, string> {
  const traced = { ...headers };
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), traced, defaultTextMapSetter);
  return traced;
}

/** Marks a span failed with `error`. */
export function recordFailure(span: Span, error: unknown, type?: string): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: type ?? (error as Error)?.name });
  if (type) span.setAttribute('error.type', type);
}

/**
 * Runs `work` as `span`'s lifetime: the span ends when the work settles, and
 * is marked failed (with `describe`'s error type) when it throws. Without a
 * span (tracing off), just runs the work.
 */
export async function withSpan<T>(
  span: Span | undefined,
  work: () => Promise<T>,
  describe?: (error: unknown) => string,
): Promise<T> {
  if (!span) return work();
  try {
    return await work();
  } catch (error) {
    recordFailure(span, error, describe?.(error));
    throw error;
  } finally {
    span.end();
  }
}
