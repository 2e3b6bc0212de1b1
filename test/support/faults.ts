/**
 * A subgraph that misbehaves on demand: a proxy in front of a real subgraph
 * that passes requests through, hangs, answers 503, answers garbage, refuses
 * connections (nothing listens on its port), or fails the next N requests. It counts the requests it receives and the sockets open
 * to it, so tests can see what the gateway sent and what it left behind.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * `hold` keeps each request until the mode changes, so a test decides when
 * requests that met on the way go on.
 * `refuse` stops listening, as a subgraph whose process is gone; another mode listens again.
 */
export type FaultMode = 'pass' | 'hold' | 'hang' | 'unavailable' | 'garbage' | 'refuse';

export interface FaultySubgraph {
  url: string;
  mode: FaultMode;
  /** Resolves once the last change of mode took effect (the port closed or listening again). */
  settled(): Promise<void>;
  /** Fail the next `n` requests with 503, then pass. */
  failNext(n: number): void;
  requests(): number;
  /** Requests waiting in `hold` mode now. */
  held(): number;
  openSockets(): number;
  close(): Promise<void>;
}

export interface FaultySubgraphOptions {
  /**
   * Pass the subgraph's Cache-Control on. Without it nothing that passes
   * through is cacheable, so every fetch reaches the proxy.
   */
  keepCacheControl?: boolean;
}

export async function startFaultySubgraph(
  targetUrl: string,
  options: FaultySubgraphOptions = {},
): Promise<FaultySubgraph> {
  let requests = 0;
  let failures = 0;
  const sockets = new Set<Socket>();
  const hanging = new Set<http.ServerResponse>();
  const state = { mode: 'pass' as FaultMode };
  let releaseHeld: Array<() => void> = [];

  const server = http.createServer(async (request, response) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (failures > 0) {
      failures--;
      response.writeHead(503, { 'content-type': 'text/plain' }).end('upstream busy');
      return;
    }
    if (state.mode === 'hang') {
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    }
    if (state.mode === 'unavailable') {
      response
        .writeHead(503, { 'content-type': 'text/html' })
        .end('<html>503 at db-7.internal:5432</html>');
      return;
    }
    if (state.mode === 'garbage') {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><body>Welcome to nginx!</body></html>');
      return;
    }
    if (state.mode === 'hold') await new Promise<void>((resolve) => releaseHeld.push(resolve));
    const upstream = await fetch(targetUrl, {
      method: 'POST',
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' && entry[0] !== 'host' && entry[0] !== 'content-length',
        ),
      ),
      body: Buffer.concat(chunks),
    });
    const cacheControl = upstream.headers.get('cache-control');
    response.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      ...(options.keepCacheControl && cacheControl ? { 'cache-control': cacheControl } : {}),
    });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let listening = true;
  let switching = Promise.resolve();
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  const listenAgain = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get mode() {
      return state.mode;
    },
    set mode(mode: FaultMode) {
      state.mode = mode;
      if (mode !== 'hold') {
        for (const release of releaseHeld) release();
        releaseHeld = [];
      }
      switching = switching.then(async () => {
        if (state.mode === 'refuse' && listening) {
          listening = false;
          await stopListening();
        } else if (state.mode !== 'refuse' && !listening) {
          listening = true;
          await listenAgain();
        }
      });
    },
    settled: () => switching,
    failNext: (n) => {
      failures = n;
    },
    requests: () => requests,
    held: () => releaseHeld.length,
    openSockets: () => sockets.size,
    close: async () => {
      await switching;
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
