/**
 * Follows each GraphQL request of a service from its first byte to its last:
 * its request id, a server span when tracing is on, the operation Apollo
 * resolved, whether the answer carried errors, how long it took and how it
 * ended. The gateway and the subgraphs both use it; each decides what to do
 * with a finished request (metrics, a log line).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { whenClosed } from './http';
import { REQUEST_ID_HEADER } from './identity';
import { outcomeOf, type RequestOutcome } from './metrics';
import {
  ATTR_GRAPHQL_OPERATION_NAME,
  ATTR_GRAPHQL_OPERATION_TYPE,
  ATTR_REQUEST_ID,
  type Tracing,
} from './tracing';

export interface RequestObservation {
  readonly requestId: string;
  readonly span: Span | undefined;
  /** The operation Apollo resolved: `undefined` until then, `null` when anonymous. */
  operationName: string | null | undefined;
  graphqlErrors: boolean;
  executed: boolean;
  /** The app a gateway verified the request's token for; null when none was. */
  app: string | null;
}

export interface FinishedRequest extends RequestObservation {
  status: number;
  outcome: RequestOutcome;
  durationMs: number;
}

export interface RequestObserverOptions {
  path: string;
  tracing: Tracing | undefined;
  /** This service's request id for a request (the gateway checks a client's; subgraphs trust the gateway's). */
  requestIdOf(request: FastifyRequest): string;
  /** Subgraphs continue the trace the gateway sent; the gateway starts its own. */
  continueTrace: boolean;
  onFinish(request: FinishedRequest): void;
}

/** Status logged for a request whose client left before the answer was sent (nginx's). */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Where a GraphQL context carries its request's observation. Apollo Server
 * hands plugins and data sources a shallow copy of the context, which keeps
 * symbol-keyed properties: a map keyed by the context object would miss.
 */
const OBSERVATION = Symbol('hutong.requestObservation');

function observationOf(context: object | undefined): RequestObservation | undefined {
  return (context as { [OBSERVATION]?: RequestObservation } | undefined)?.[OBSERVATION];
}

export class GraphQLRequestObserver {
  private readonly byRequest = new WeakMap<FastifyRequest, RequestObservation>();

  constructor(private readonly options: RequestObserverOptions) {}

  /** Adds the hooks; call before the GraphQL route is registered. */
  register(app: FastifyInstance): void {
    // The id goes on the reply at once, so that a request refused before Apollo sees it
    // (persisted operations, body limit, HTTP-level errors) tells the client the id its log
    // lines carry, in the header and in its errors (lib/http.ts stamps them).
    app.addHook('onRequest', async (request, reply) => {
      if (!this.isGraphQLRequest(request)) return;
      void reply.header(REQUEST_ID_HEADER, this.start(request, reply).requestId);
    });
  }

  /** The request id of a GraphQL request: the one its logs, spans and answer carry. */
  requestIdOf(request: FastifyRequest): string {
    return this.byRequest.get(request)?.requestId ?? this.options.requestIdOf(request);
  }

  /** Records the verified app of a request, for its metrics. */
  identify(request: FastifyRequest, app: string | null): void {
    const observation = this.byRequest.get(request);
    if (observation) observation.app = app;
  }

  /** Ties the GraphQL context built for `request` to it, so Apollo's hooks find the request. */
  bind(request: FastifyRequest, context: object): void {
    const observation = this.byRequest.get(request);
    if (observation) Object.assign(context, { [OBSERVATION]: observation });
  }

  /** The request span of a GraphQL context, to parent the spans made on its behalf. */
  spanOf(context: object | undefined): Span | undefined {
    return observationOf(context)?.span;
  }

  /** Learns the operation and whether the answer has errors from Apollo. */
  plugin(): ApolloServerPlugin<BaseContext> {
    return {
      requestDidStart: async ({ contextValue }) => {
        const observation = observationOf(contextValue);
        if (!observation) return;
        return {
          didResolveOperation: async ({ operationName, operation }) => {
            observation.operationName = operationName ?? null;
            if (!observation.span) return;
            observation.span.updateName(
              `${operation?.operation ?? 'query'} ${operationName ?? ''}`,
            );
            if (operationName)
              observation.span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operationName);
            if (operation)
              observation.span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          },
          willSendResponse: async ({ response }) => {
            if (response.body.kind !== 'single') return;
            const result = response.body.singleResult;
            observation.graphqlErrors = (result.errors?.length ?? 0) > 0;
            observation.executed = 'data' in result;
          },
        };
      },
    };
  }

  private isGraphQLRequest(request: FastifyRequest): boolean {
    if (request.method !== 'GET' && request.method !== 'POST') return false;
    // The route the router matched: a percent-encoded or absolute-form target is the same request.
    return request.routeOptions.url === this.options.path;
  }

  private start(request: FastifyRequest, reply: FastifyReply): RequestObservation {
    const startedAt = performance.now();
    const requestId = this.options.requestIdOf(request);
    const span = this.options.tracing?.startServerSpan(
      `${request.method} ${this.options.path}`,
      {
        'http.request.method': request.method,
        'http.route': this.options.path,
        [ATTR_REQUEST_ID]: requestId,
      },
      this.options.continueTrace ? request.headers : undefined,
    );
    const observation: RequestObservation = {
      requestId,
      span,
      operationName: undefined,
      graphqlErrors: false,
      executed: false,
      app: null,
    };
    this.byRequest.set(request, observation);
    // 'close' comes after the last byte is sent, and also when the client leaves
    // first, which Fastify's onResponse hook would miss.
    whenClosed(reply.raw, () => {
      const answered = reply.raw.writableFinished;
      const status = answered ? reply.raw.statusCode : CLIENT_CLOSED_REQUEST;
      const outcome = outcomeOf({ ...observation, answered, status });
      if (span) {
        if (answered) span.setAttribute('http.response.status_code', status);
        if (outcome === 'errors')
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: answered ? `HTTP ${status}, errors in the answer` : 'client closed request',
          });
        span.end();
      }
      this.options.onFinish({
        ...observation,
        status,
        outcome,
        durationMs: performance.now() - startedAt,
      });
    });
    return observation;
  }
}
