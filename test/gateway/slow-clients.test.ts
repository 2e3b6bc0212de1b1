/**
 * Clients that hold connections without finishing a request — headers or a
 * body trickled a byte at a time, a connection that sends nothing, an idle
 * keep-alive connection — are cut off by the gateway and by every subgraph
 * (both run lib/http.ts's shell), and a process holds a bounded number of
 * connections. Meanwhile normal requests are served. The timeouts are made
 * short through the configuration; the tests wait for the server to act,
 * never for a length of time.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createSubgraphService } from '../../subgraphs/kit/subgraph';
import { openMigratedPglite } from '../support/database-templates';
import { createGateway } from '../../gateway/server';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs';
import {
  gatewayCredential,
  silentLog,
  testGatewayConfig,
  testSubgraphConfig,
} from '../support/harness';
import { waitFor } from '../support/steady-load';

const SHORT_TIMEOUTS = {
  HUTONG_HEADERS_TIMEOUT_MS: '500',
  HUTONG_REQUEST_TIMEOUT_MS: '1000',
  HUTONG_KEEP_ALIVE_TIMEOUT_MS: '500',
};
const MAX_CONNECTIONS = 5;
/**
 * Headers of a request the gateway or the maps subgraph would let in (a fresh
 * credential for maps, which the gateway ignores), whose body is yet to come.
 */
const postHead = () =>
  'POST /graphql HTTP/1.1\r\nHost: hutong\r\ncontent-type: application/json\r\n' +
  Object.entries(gatewayCredential('maps', '{}'))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
const FEW_CONNECTIONS = { HUTONG_MAX_CONNECTIONS: String(MAX_CONNECTIONS) };

interface Target {
  app: FastifyInstance;
  port: number;
  close(): Promise<void>;
}

async function startGatewayWith(env: Record<string, string>): Promise<Target> {
  const gateway = await createGateway({
    config: testGatewayConfig(env),
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    log: silentLog,
  });
  const url = new URL(await gateway.listen(0, '127.0.0.1'));
  return { app: gateway.app, port: Number(url.port), close: () => gateway.close() };
}

async function startSubgraphWith(env: Record<string, string>): Promise<Target> {
  const definition = SUBGRAPHS.maps;
  // No seed data: the requests here never reach a resolver that reads it.
  const db = await openMigratedPglite(definition);
  const service = await createSubgraphService(definition, {
    config: testSubgraphConfig(definition.name, env),
    db,
    log: silentLog,
  });
  const url = new URL(await service.listen(0, '127.0.0.1'));
  return {
    app: service.app,
    port: Number(url.port),
    close: async () => {
      await service.close();
      await db.close();
    },
  };
}

const TARGETS: [string, (env: Record<string, string>) => Promise<Target>][] = [
  ['the gateway', startGatewayWith],
  ['a subgraph', startSubgraphWith],
];

/** A connection driven byte by byte, recording what the server sends until it closes. */
class RawConnection {
  readonly closed: Promise<void>;
  private readonly socket: net.Socket;
  private received = '';
  private trickle: NodeJS.Timeout | undefined;

  private constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => (this.received += chunk));
    // A reset is as much a close as an orderly one.
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => {
        clearInterval(this.trickle);
        resolve();
      }),
    );
  }

  static async open(port: number): Promise<RawConnection> {
    const connection = new RawConnection(port);
    await new Promise<void>((resolve, reject) => {
      connection.socket.once('connect', resolve);
      connection.socket.once('error', reject);
    });
    return connection;
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Sends `next()` every 50 ms, for ever or until the server closes the connection. */
  keepSending(next: () => string): void {
    this.trickle = setInterval(() => this.write(next()), 50);
  }

  /** The status line of the first answer, or '' when none came. */
  status(): string {
    return this.received.split('\r\n', 1)[0] ?? '';
  }

  destroy(): void {
    clearInterval(this.trickle);
    this.socket.destroy();
  }
}

const PING = JSON.stringify({ query: '{ __typename }' });

async function normalRequest(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gatewayCredential('maps', PING) },
    body: PING,
  });
  await response.text();
  return response.status;
}

function connectionsOf(app: FastifyInstance): Promise<number> {
  return new Promise((resolve, reject) =>
    app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

describe.each(TARGETS)('%s with slow clients', (_name, start) => {
  let target: Target;
  const opened: RawConnection[] = [];

  beforeAll(async () => {
    target = await start(SHORT_TIMEOUTS);
  });
  afterEach(() => {
    for (const connection of opened.splice(0)) connection.destroy();
  });
  afterAll(() => target.close());

  const open = async () => {
    const connection = await RawConnection.open(target.port);
    opened.push(connection);
    return connection;
  };

  it('cuts off a client that trickles its headers, and serves others meanwhile', async () => {
    const slow = await open();
    slow.write(postHead());
    let header = 0;
    slow.keepSending(() => `x-slow-${++header}: 1\r\n`);
    expect(await normalRequest(target.port)).toBe(200);
    await slow.closed;
    expect(slow.status()).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('cuts off a client that trickles its body, however many do it at once', async () => {
    const slow = await Promise.all(Array.from({ length: 20 }, open));
    for (const connection of slow) {
      connection.write(`${postHead()}content-length: 100000\r\n\r\n{`);
      connection.keepSending(() => ' ');
    }
    expect(await normalRequest(target.port)).toBe(200);
    await Promise.all(slow.map((connection) => connection.closed));
    expect(slow.map((connection) => connection.status())).toEqual(
      slow.map(() => 'HTTP/1.1 408 Request Timeout'),
    );
  });

  it('closes a connection that never sends a byte', async () => {
    const silent = await open();
    expect(await normalRequest(target.port)).toBe(200);
    await silent.closed;
    expect(silent.status()).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('cuts off a slow request on a connection kept alive after a normal one', async () => {
    const connection = await open();
    connection.write('GET /health HTTP/1.1\r\nHost: hutong\r\n\r\n');
    await waitFor(() => connection.status() === 'HTTP/1.1 200 OK', 'the first answer');
    connection.write(postHead());
    connection.keepSending(() => 'x');
    await connection.closed;
  });

  it('closes an idle keep-alive connection', async () => {
    const idle = await open();
    idle.write('GET /health HTTP/1.1\r\nHost: hutong\r\n\r\n');
    await idle.closed;
    expect(idle.status()).toBe('HTTP/1.1 200 OK');
  });
});

describe.each(TARGETS)('%s with too many connections', (_name, start) => {
  let target: Target;

  beforeAll(async () => {
    target = await start(FEW_CONNECTIONS);
  });
  afterAll(() => target.close());

  it('refuses a connection beyond its most, and serves again once one closes', async () => {
    const held = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS }, () => RawConnection.open(target.port)),
    );
    try {
      await waitFor(
        async () => (await connectionsOf(target.app)) === MAX_CONNECTIONS,
        'the connections to be accepted',
      );
      const refused = await RawConnection.open(target.port);
      refused.write('GET /health HTTP/1.1\r\nHost: hutong\r\n\r\n');
      await refused.closed;
      expect(refused.status()).toBe('');
      await expect(normalRequest(target.port)).rejects.toThrow();

      held.pop()!.destroy();
      await waitFor(
        async () => (await connectionsOf(target.app)) < MAX_CONNECTIONS,
        'a connection to close',
      );
      expect(await normalRequest(target.port)).toBe(200);
    } finally {
      for (const connection of held) connection.destroy();
    }
  });
});
