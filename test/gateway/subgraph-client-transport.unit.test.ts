/**
 * The transport alone, against a local HTTP server: each attempt's
 * credential, and what it refuses to take for a GraphQL answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CREDENTIAL_HEADER, verifyCredential } from '../../lib/credential';
import {
  createSubgraphAgent,
  SubgraphAnswerTooLargeError,
  SubgraphGarbageError,
  SubgraphHttpError,
  SubgraphTransport,
} from '../../gateway/subgraph-client/transport';
import { subgraphFetch } from '../support/subgraph-fetch';

const SECRET = 'transport-test-secret-of-enough-length';
const MAX_BYTES = 4096;

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

describe('the transport', () => {
  let server: http.Server;
  let url: string;
  let next: Answer = { status: 200, body: '{"data":{}}' };
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const agent = createSubgraphAgent(MAX_BYTES);
  const transport = () =>
    new SubgraphTransport({
      url,
      agent,
      config: {
        gatewaySecret: SECRET,
        subgraphTimeoutMs: 5000,
        subgraphMaxResponseBytes: MAX_BYTES,
      },
    });

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
        response.end(next.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs each attempt with a credential of its own, for this subgraph and this body', async () => {
    next = { status: 200, body: '{"data":{"a":1}}', headers: { 'cache-control': 'max-age=5' } };
    const fetch = subgraphFetch();
    const first = await transport().send(fetch);
    await transport().send(fetch);
    expect(first).toEqual({
      response: { data: { a: 1 } },
      text: '{"data":{"a":1}}',
      cacheControl: 'max-age=5',
    });
    const [one, two] = received.slice(-2).map(({ headers, body }) => {
      expect(body).toBe(fetch.body);
      return verifyCredential(SECRET, headers[CREDENTIAL_HEADER] as string, 'maps');
    });
    expect(one!.requestId).toBe('request-1');
    expect(one!.jti).not.toBe(two!.jti);
  });

  it('fails on a 5xx, on non-JSON and on JSON that is no GraphQL answer', async () => {
    next = { status: 503, body: 'busy' };
    await expect(transport().send(subgraphFetch())).rejects.toThrow(SubgraphHttpError);
    next = { status: 200, body: '<html>' };
    await expect(transport().send(subgraphFetch())).rejects.toThrow(SubgraphGarbageError);
    next = { status: 200, body: '{"hello":1}' };
    await expect(transport().send(subgraphFetch())).rejects.toThrow(SubgraphGarbageError);
  });

  it('stops reading an answer longer than the cap', async () => {
    next = { status: 200, body: JSON.stringify({ data: { a: 'x'.repeat(MAX_BYTES * 2) } }) };
    await expect(transport().send(subgraphFetch())).rejects.toThrow(SubgraphAnswerTooLargeError);
  });
});
