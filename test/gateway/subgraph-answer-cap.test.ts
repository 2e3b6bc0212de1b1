/**
 * A subgraph answer longer than HUTONG_SUBGRAPH_MAX_RESPONSE_BYTES is cut
 * while it arrives: the gateway stops reading, closes that connection, and
 * fails that one fetch as it would for a subgraph that is down — the rest of
 * the operation keeps its data. The fake subgraphs here answer the real
 * answer padded to 50 MB, streamed as fast as the gateway takes it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { scrape, valueOf } from '../support/prometheus';
import {
  bearer,
  HUBIN,
  postGraphQL,
  readOperation,
  startGraph,
  UNCACHED_GATEWAY_ENV,
  type RunningGraph,
} from '../support/harness';

const HOME = readOperation('MiniProgramHome');
const HUGE_BYTES = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

interface PaddingSubgraph {
  url: string;
  /** Pad the next answers to 50 MB. */
  huge: boolean;
  requests(): number;
  /** Bytes of each padded answer written before the gateway closed the connection. */
  written: number[];
  close(): Promise<void>;
}

/** Passes requests to the real subgraph; padded, its answer grows by an `extensions.padding` of 50 MB. */
async function startPaddingSubgraph(targetUrl: string): Promise<PaddingSubgraph> {
  let requests = 0;
  const state = { huge: false, written: [] as number[] };
  const server = http.createServer(async (request, response) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
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
    const answer = await upstream.text();
    response.writeHead(upstream.status, { 'content-type': 'application/json' });
    if (!state.huge) return response.end(answer);
    let written = 0;
    let gone = false;
    response.on('close', () => (gone = true));
    const write = async (data: Buffer | string) => {
      written += Buffer.byteLength(data);
      if (!response.write(data))
        await new Promise((resolve) => {
          response.once('drain', resolve);
          response.once('close', resolve);
        });
    };
    await write('{"extensions":{"padding":"');
    while (!gone && written < HUGE_BYTES) await write(CHUNK);
    if (!gone) await write(`"},${answer.slice(1)}`);
    state.written.push(written);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get huge() {
      return state.huge;
    },
    set huge(value: boolean) {
      state.huge = value;
    },
    requests: () => requests,
    written: state.written,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('subgraph answers past the cap', () => {
  let graph: RunningGraph;
  let food: PaddingSubgraph;
  let social: PaddingSubgraph;

  beforeAll(async () => {
    graph = await startGraph({
      gatewayEnv: {
        ...UNCACHED_GATEWAY_ENV,
        // Long enough that only the answer's size can fail a fetch here.
        HUTONG_SUBGRAPH_TIMEOUT_MS: '30000',
        HUTONG_REQUEST_DEADLINE_MS: '30000',
      },
      route: async (name, url) => {
        if (name === 'food') return (food = await startPaddingSubgraph(url)).url;
        if (name === 'social') return (social = await startPaddingSubgraph(url)).url;
        return url;
      },
    });
  });
  afterAll(async () => {
    await graph.close();
    await food.close();
    await social.close();
  });
  afterEach(() => {
    food.huge = false;
    social.huge = false;
  });

  const gatewayBase = () => graph.gatewayUrl.replace(/\/graphql$/, '');
  const tooLarge = async (subgraph: string) =>
    valueOf((await scrape(gatewayBase())).text, 'hutong_gateway_subgraph_fetch_errors_total', {
      subgraph,
      reason: 'too_large',
    });

  it('serves the home query whole under the default cap', async () => {
    const { status, body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.nearbyStores.edges[0].node.delivery).not.toBeNull();
  });

  it('cuts a huge entity answer, and only its fields go missing', async () => {
    food.huge = true;
    const before = { requests: food.requests(), tooLarge: await tooLarge('food') };
    const { status, body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'food' }),
      }),
    ]);
    const stores = body.data.nearbyStores.edges.map((edge: any) => edge.node);
    expect(stores).toHaveLength(10);
    expect(stores.every((store: any) => store.delivery === null)).toBe(true);
    expect(body.data.trendingTopics.length).toBeGreaterThan(0);
    expect(body.data.me.membership.tier).toBe('GOLD');
    // Not retried: the next answer would be as long.
    expect(food.requests() - before.requests).toBe(1);
    expect((await tooLarge('food')) - before.tooLarge).toBe(1);
    // The gateway hung up long before the 50 MB were written.
    await waitForWritten(food, 1);
    expect(food.written.at(-1)).toBeLessThan(HUGE_BYTES);
  });

  it('cuts a huge root answer too, whatever else the operation asked', async () => {
    social.huge = true;
    const { status, body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'The social service did not answer; its fields are missing',
        extensions: expect.objectContaining({
          code: 'SUBGRAPH_UNAVAILABLE',
          serviceName: 'social',
        }),
      }),
    ]);
    expect(body.data.trendingTopics).toBeNull();
    expect(body.data.nearbyStores.edges).toHaveLength(10);
    await waitForWritten(social, 1);
    expect(social.written.at(-1)).toBeLessThan(HUGE_BYTES);
  });

  it('serves again once the answers are normal', async () => {
    const { body } = await postGraphQL(graph.gatewayUrl, HOME, HUBIN, bearer('demo'));
    expect(body.errors).toBeUndefined();
  });
});

async function waitForWritten(subgraph: PaddingSubgraph, count: number): Promise<void> {
  while (subgraph.written.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
}
