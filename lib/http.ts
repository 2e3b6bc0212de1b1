import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { HttpLimits, ShutdownTiming, TrustProxy } from './config';
import { REQUEST_ID_HEADER } from './identity';
import type { Logger } from './logger';

/**
 * Route config of the routes a subgraph answers without the gateway's
 * credential: its probes (and, in development, its pages). Every other route,
 * and every unknown path, needs one; the check reads the route the router
 * matched, never the raw request target, so no spelling of a path gets past it.
 */
export const PUBLIC_ROUTE = { public: true } as const;

/**
 * Runs `then` once the response's connection closes: after its last byte, or
 * when the client leaves first. A client that left before this was called
 * (while its request waited for a core on a busy process) closed it already:
 * 'close' will not come again, so `then` runs at once.
 */
export function whenClosed(response: ServerResponse, then: () => void): void {
  if (response.destroyed) then();
  else response.once('close', then);
}

export function isPublicRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { public?: boolean } | undefined)?.public === true;
}

export type ReadinessStatus = 'starting' | 'ready' | 'draining' | 'unavailable';

/**
 * What GET /ready answers: 200 once the service can serve, 503 before that, as
 * soon as it starts to shut down, and while a dependency it cannot serve
 * without (a subgraph's database) does not answer. GET /health, the liveness
 * probe, says only that the process is up.
 */
export class Readiness {
  private phase: 'starting' | 'ready' | 'draining' = 'starting';

  /** `dependency` rejects when the service cannot serve right now. */
  constructor(private readonly dependency?: () => Promise<unknown>) {}

  ready(): void {
    if (this.phase === 'starting') this.phase = 'ready';
  }

  drain(): void {
    this.phase = 'draining';
  }

  get draining(): boolean {
    return this.phase === 'draining';
  }

  async status(): Promise<ReadinessStatus> {
    if (this.phase !== 'ready' || !this.dependency) return this.phase;
    const reachable = await this.dependency().then(
      () => true,
      () => false,
    );
    // Shutdown may have begun while the dependency was asked.
    if (this.draining) return 'draining';
    return reachable ? 'ready' : 'unavailable';
  }
}

/** How often a refused connection is logged at most: a flood of them is one line, not thousands. */
const DROP_WARN_EVERY_MS = 10_000;

/**
 * The HTTP shell both the gateway and the subgraphs run in. Fastify's own
 * logger is off: services log through pino with request ids of their own.
 *
 * A client gets `limits.headersTimeoutMs` to send its headers (also on a
 * connection that sends nothing) and `limits.requestTimeoutMs` for the whole
 * request, then Node answers 408 and closes; an idle keep-alive connection
 * closes after `limits.keepAliveTimeoutMs`; past `limits.maxConnections`
 * a new connection is closed as soon as it opens.
 */
export function createHttpApp(options: {
  limits: HttpLimits;
  bodyLimit?: number;
  readiness?: Readiness;
  trustProxy?: TrustProxy;
  log?: Logger;
}): FastifyInstance {
  const { limits } = options;
  const app = Fastify({
    logger: false,
    // Which proxies may say, in X-Forwarded-For, who the client is (rate limits by address).
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for late requests only this often (30 s by default), so a timeout is
      // kept to within a tenth of itself, or a second.
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, Math.floor(limits.headersTimeoutMs / 10)),
      ),
      // Node would answer an HTTP/1.1 request without Host itself, 400 with an empty body;
      // the hook below answers it in GraphQL's error shape instead.
      requireHostHeader: false,
    },
    // A request that arrives on an open connection while the listener closes is served
    // (and its connection closed after it), not refused with a body that is not GraphQL's.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
  });
  app.server.maxConnections = limits.maxConnections;
  let lastDropWarning = 0;
  app.server.on('drop', () => {
    const now = Date.now();
    if (now - lastDropWarning < DROP_WARN_EVERY_MS) return;
    lastDropWarning = now;
    options.log?.warn(
      { maxConnections: limits.maxConnections },
      'connection refused: this process already holds its most connections',
    );
  });
  const readiness = options.readiness ?? new Readiness();
  // HTTP/1.0 allows a request without Host; the GraphQL integration builds the
  // request URL from it and fails without one. The address the client reached
  // stands in, as RFC 9112 (section 3.2.3) lets a server do. HTTP/1.1 requires
  // Host, and a request without it is a 400 (RFC 9112, section 3.2).
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.host) return;
    if (request.raw.httpVersionMajor !== 1 || request.raw.httpVersionMinor !== 0) {
      return sendGraphQLError(reply, {
        status: 400,
        code: 'BAD_REQUEST',
        message: `An HTTP/${request.raw.httpVersion} request must carry a Host header`,
      });
    }
    const { localAddress, localPort } = request.raw.socket;
    const host = localAddress?.includes(':') ? `[${localAddress}]` : (localAddress ?? 'localhost');
    request.raw.headers.host = localPort ? `${host}:${localPort}` : host;
  });
  app.addHook('preValidation', refuseDeepJson);
  app.get('/health', { config: PUBLIC_ROUTE }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: PUBLIC_ROUTE }, async (_request, reply) => {
    const status = await readiness.status();
    return reply.code(status === 'ready' ? 200 : 503).send({ status });
  });
  // Once draining, every response closes its connection: a keep-alive client
  // reconnects (elsewhere, behind a balancer), and a closing listener need not
  // wait for idle connections to time out.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (readiness.draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onSend', stampRequestId);
  // Errors raised before GraphQL runs (malformed JSON, an oversized body, an unknown
  // route) still answer in GraphQL's JSON error shape, never as HTML or a stack.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    // A fault of the service's own, hidden from the client: the log has it, under the request id.
    if (status === 500) {
      options.log?.error(
        { err: error, requestId: replyRequestId(reply), route: request.routeOptions.url },
        'unexpected error',
      );
    }
    const message = status === 500 ? 'Internal server error' : clientMessage(status, error.message);
    void reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({
        errors: [
          {
            message,
            extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' },
          },
        ],
      });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send({
        errors: [
          {
            message: `No route for ${request.method} ${request.url.split('?')[0]}`,
            extensions: { code: 'NOT_FOUND' },
          },
        ],
      });
  });
  return app;
}

/**
 * Answers a request refused before GraphQL runs (a credential, a rate limit, a
 * persisted operation) in GraphQL's error shape, with the request id its log
 * lines carry.
 */
export function sendGraphQLError(
  reply: FastifyReply,
  error: {
    status: number;
    code: string;
    message: string;
    requestId?: string | undefined;
    /** More for the client to act on, such as `retryAfterSeconds`. */
    extensions?: Record<string, unknown>;
  },
  headers: Record<string, string> = {},
): FastifyReply {
  return reply
    .code(error.status)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send({
      errors: [
        {
          message: error.message,
          extensions: {
            code: error.code,
            ...error.extensions,
            ...(error.requestId ? { requestId: error.requestId } : {}),
          },
        },
      ],
    });
}

/**
 * How deeply the JSON of a request may nest. The deepest input the schemas
 * take (an order's lines) nests four levels; GraphQL's variable coercion and
 * the services' own walks are recursive, so nesting beyond this would be a
 * stack overflow, not a request.
 */
export const MAX_JSON_DEPTH = 32;

const JSON_TEXT_PARAMETERS = new Set(['variables', 'extensions']);

/** The nesting depth of a parsed JSON value, measured without recursion. */
function jsonDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const inside = depth + 1;
    if (inside > deepest) deepest = inside;
    if (deepest > stopAbove) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push([child, inside]);
    }
  }
  return deepest;
}

/** The nesting depth of JSON text (a GET's `variables`), by its brackets outside strings. */
function jsonTextDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}

/**
 * Refuses a request whose `variables`, `extensions` or other parameters nest
 * deeper than MAX_JSON_DEPTH, before anything walks them.
 */
async function refuseDeepJson(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const parameters = request.method === 'GET' ? request.query : request.body;
  if (parameters === null || typeof parameters !== 'object') return;
  for (const [name, value] of Object.entries(parameters)) {
    // A GET carries its variables and extensions as JSON text; its query is GraphQL, not JSON.
    const depth =
      typeof value !== 'string'
        ? jsonDepth(value, MAX_JSON_DEPTH)
        : JSON_TEXT_PARAMETERS.has(name)
          ? jsonTextDepth(value)
          : 0;
    if (depth <= MAX_JSON_DEPTH) continue;
    const code = name === 'variables' ? 'BAD_USER_INPUT' : 'BAD_REQUEST';
    return reply
      .code(400)
      .type('application/json; charset=utf-8')
      .send({
        errors: [
          {
            message: `The request's ${name} nest deeper than ${MAX_JSON_DEPTH} levels`,
            extensions: { code },
          },
        ],
      });
  }
}

/** The id in the reply's `x-request-id` header, made here when nothing set one. */
function replyRequestId(reply: FastifyReply): string {
  const requestId = reply.getHeader(REQUEST_ID_HEADER);
  if (typeof requestId === 'string') return requestId;
  const made = randomUUID();
  void reply.header(REQUEST_ID_HEADER, made);
  return made;
}

/**
 * Every refusal names its request: an error answer whose errors lack
 * `extensions.requestId` gets the id of the `x-request-id` header (made here
 * when nothing set one, as for an unknown route). Refusals come from many
 * places that cannot all be given the id (Fastify's router and body parser,
 * Apollo's HTTP checks such as CSRF prevention and batching); this is where
 * they all pass. Only error statuses are read: a 200 answer's field errors
 * carry the id from the services' error formatting already.
 */
async function stampRequestId(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (reply.statusCode < 400) return payload;
  const requestId = replyRequestId(reply);
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).includes('json'))
    return payload;
  let body: { errors?: unknown };
  try {
    body = JSON.parse(payload) as { errors?: unknown };
  } catch {
    return payload;
  }
  if (!Array.isArray(body.errors)) return payload;
  let stamped = false;
  for (const error of body.errors as { extensions?: Record<string, unknown> }[]) {
    if (error === null || typeof error !== 'object' || error.extensions?.requestId) continue;
    error.extensions = { ...error.extensions, requestId };
    stamped = true;
  }
  return stamped ? JSON.stringify(body) : payload;
}

function clientMessage(status: number, message: string): string {
  if (status === 413) return 'The request body is too large';
  if (status === 415) return 'Unsupported content type: send application/json';
  return message;
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers or
 * a URL beyond its size limit, malformed HTTP) are answered in GraphQL's JSON
 * error shape too, as Fastify's own handler does in a shape of its own.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request line or headers are too large']
        : [400, 'The request is not valid HTTP'];
  const requestId = randomUUID();
  const body = JSON.stringify({
    errors: [{ message, extensions: { code: 'BAD_REQUEST', requestId } }],
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
  ) {
    super(
      `${service}: port ${port} is already in use. Stop whatever is listening there, ` +
        `or choose another port (see the configuration table in gateway/README.md).`,
    );
    this.name = 'PortInUseError';
  }
}

/** Listens and answers the URL it is reachable at; a busy port becomes a clear error. */
export async function listen(
  app: FastifyInstance,
  service: string,
  port: number,
  host: string,
): Promise<string> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(service, port);
    }
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shownHost}:${actualPort}`;
}

/**
 * Takes an HTTP service out of rotation: readiness turns false at once, the
 * listener stays open for `delayMs` (load balancers see "not ready" and stop
 * sending), then it closes and in-flight requests have `graceMs` to finish
 * before their connections are cut.
 */
export async function drainHttp(
  app: FastifyInstance,
  readiness: Readiness,
  timing: ShutdownTiming,
  log?: Logger,
): Promise<void> {
  readiness.drain();
  if (timing.delayMs > 0) await sleep(timing.delayMs);
  const cutOff = setTimeout(() => {
    log?.warn({ graceMs: timing.graceMs }, 'requests still running after the grace period; cut');
    app.server.closeAllConnections();
  }, timing.graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cutOff);
  }
}
