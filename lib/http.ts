import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The HTTP shell both the gateway and the subgraphs run in. Fastify's own
 * logger is off: services log through pino with request ids of their own.
 */
export function createHttpApp(options: { bodyLimit?: number } = {}): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Mini-program clients reuse connections; keep them a little longer than the usual 5 s.
    keepAliveTimeout: 65_000,
  });
  app.get('/health', async () => ({ status: 'ok' }));
  // Errors raised before GraphQL runs (malformed JSON, an oversized body, an unknown
  // route) still answer in GraphQL's JSON error shape, never as HTML or a stack.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
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

function clientMessage(status: number, message: string): string {
  if (status === 413) return 'The request body is too large';
  if (status === 415) return 'Unsupported content type: send application/json';
  return message;
}

export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
  ) {
    super(
      `${service}: port ${port} is already in use. Stop whatever is listening there, ` +
        `or choose another port (see the configuration table in README.md).`,
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

/** Stops the process cleanly on SIGINT or SIGTERM, once. */
export function onShutdownSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`failed to stop cleanly after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
