/**
 * A new supergraph served without a restart and without a failed request: the
 * maps subgraph is redeployed as a second version with an added field (a
 * blue-green deploy), its composed supergraph saved over the gateway's file or
 * published at the URL the gateway polls, while clients keep querying. A
 * supergraph that does not build is ignored and the previous one keeps serving.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { concatAST, parse } from 'graphql';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { buildSchema, type SubgraphDefinition } from '../../subgraphs/kit/subgraph';
import { createGateway, type GatewayService } from '../../gateway/server';
import { supergraphFile, supergraphUrl } from '../../gateway/supergraph-source';
import { composeSchemas } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs';
import {
  postGraphQL,
  startSubgraph,
  testGatewayConfig,
  UNCACHED_GATEWAY_ENV,
  type RunningSubgraph,
} from '../support/harness';
import { capturedLog } from '../support/logs';
import { startSteadyLoad, waitFor } from '../support/steady-load';

const AREAS = '{ businessAreas(first: 3) { edges { node { id name } } } }';
const RELEASE = '{ mapsRelease }';

/** The maps subgraph's next version: the same service plus one field. */
const mapsNext: SubgraphDefinition<unknown> = {
  ...SUBGRAPHS.maps,
  typeDefs: concatAST([
    SUBGRAPHS.maps.typeDefs,
    parse('extend type Query { "Which maps release answers." mapsRelease: String }'),
  ]),
  resolvers: {
    ...SUBGRAPHS.maps.resolvers,
    Query: { ...(SUBGRAPHS.maps.resolvers.Query as object), mapsRelease: () => 'next' },
  } as SubgraphDefinition<unknown>['resolvers'],
};

/** The supergraph with maps at `mapsUrl`; only maps is queried here, the rest route nowhere. */
function supergraphWith(mapsUrl: string, mapsDefinition?: SubgraphDefinition<unknown>): string {
  const nowhere = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 'http://127.0.0.1:9/']));
  return composeSchemas(
    { ...nowhere, maps: mapsUrl },
    mapsDefinition ? { maps: printSubgraphSchema(buildSchema(mapsDefinition)) } : {},
  ).supergraph;
}

/** As a deploy tool saves it: written beside the target, then renamed over it. */
function saveAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** One client's anonymous traffic is far above the per-user rate limit here. */
const UNLIMITED = {
  // The load must reach the subgraphs to show where the gateway routes it, not a cached answer.
  ...UNCACHED_GATEWAY_ENV,
  HUTONG_RATE_USER_BURST: '1000000',
  HUTONG_RATE_USER_PER_SECOND: '1000000',
  HUTONG_RATE_APP_BURST: '1000000',
  HUTONG_RATE_APP_PER_SECOND: '1000000',
};

describe('supergraph reload', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-reload-'));
  let maps: RunningSubgraph;
  let next: RunningSubgraph;
  let current: string;
  let following: string;

  beforeAll(async () => {
    [maps, next] = await Promise.all([startSubgraph(SUBGRAPHS.maps), startSubgraph(mapsNext)]);
    current = supergraphWith(maps.url);
    following = supergraphWith(next.url, mapsNext);
  });

  afterAll(async () => {
    for (const subgraph of [maps, next]) {
      await subgraph.service.close();
      await subgraph.db.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('from a watched file', () => {
    const file = path.join(dir, 'supergraph.graphql');
    const { log, records } = capturedLog();
    let gateway: GatewayService;
    let url: string;

    beforeAll(async () => {
      fs.writeFileSync(file, current);
      gateway = await createGateway({
        config: testGatewayConfig(UNLIMITED),
        supergraphSdl: supergraphFile(file, { pollMs: 1000, log }),
        log,
      });
      url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
    });
    afterAll(() => gateway.close());

    it('serves the added field once the new supergraph is saved, failing no request meanwhile', async () => {
      expect((await postGraphQL(url, RELEASE)).body.errors?.[0]?.extensions?.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
      const load = startSteadyLoad(url, AREAS);
      try {
        await waitFor(() => load.succeeded() >= 20, 'the load to run');
        saveAtomically(file, following);
        await waitFor(
          async () => (await postGraphQL(url, RELEASE)).body.data?.mapsRelease === 'next',
          'the new field',
        );
        // Queries keep flowing on the new supergraph, now to the new maps.
        const before = next.requests();
        await waitFor(() => next.requests() >= before + 20, 'the load to reach the new maps');
      } finally {
        await load.stop();
      }
      expect(load.failures()).toEqual([]);
      expect(load.succeeded()).toBeGreaterThan(40);
    });

    it('shows the new supergraph in the sandbox', async () => {
      const schema = await fetch(url.replace('/graphql', '/sandbox/schema.graphql'));
      expect(await schema.text()).toContain('mapsRelease: String');
    });

    it.each([
      ['does not parse', 'type Query { mapsRelease: '],
      ['is not a supergraph', 'type Query { hello: String }'],
    ])('keeps serving the previous supergraph when the new file %s', async (_, text) => {
      const rejectedBefore = records.filter((r) => r.msg.startsWith('supergraph rejected')).length;
      saveAtomically(file, text);
      await waitFor(
        () =>
          records.filter((r) => r.msg.startsWith('supergraph rejected')).length > rejectedBefore,
        'the rejection',
      );
      expect((await postGraphQL(url, RELEASE)).body).toEqual({ data: { mapsRelease: 'next' } });
      expect((await postGraphQL(url, AREAS)).body.errors).toBeUndefined();
      expect((await fetch(url.replace('/graphql', '/ready'))).status).toBe(200);
    });

    it('takes the next good supergraph after a bad one', async () => {
      saveAtomically(file, current);
      await waitFor(
        async () => (await postGraphQL(url, RELEASE)).body.errors !== undefined,
        'the field to go',
      );
      expect((await postGraphQL(url, AREAS)).body.errors).toBeUndefined();
    });
  });

  describe('from a polled URL', () => {
    const { log, records } = capturedLog();
    const published = { text: '', failing: false };
    const conditional: string[] = [];
    let registry: http.Server;
    let gateway: GatewayService;
    let url: string;

    beforeAll(async () => {
      published.text = current;
      registry = http.createServer((request, response) => {
        if (published.failing) return void response.writeHead(500).end('registry down');
        const etag = `"${createHash('sha256').update(published.text).digest('hex')}"`;
        if (request.headers['if-none-match'] === etag) {
          conditional.push(etag);
          return void response.writeHead(304).end();
        }
        response.writeHead(200, { 'content-type': 'text/plain', etag }).end(published.text);
      });
      await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
      const { port } = registry.address() as AddressInfo;
      gateway = await createGateway({
        config: testGatewayConfig(UNLIMITED),
        supergraphSdl: supergraphUrl(`http://127.0.0.1:${port}/supergraph`, { pollMs: 100, log }),
        log,
      });
      url = `${await gateway.listen(0, '127.0.0.1')}/graphql`;
    });
    afterAll(async () => {
      await gateway.close();
      await new Promise((resolve) => registry.close(resolve));
    });

    it('asks again with the ETag and serves nothing new while the supergraph is unchanged', async () => {
      await waitFor(() => conditional.length >= 2, 'conditional requests');
      expect((await postGraphQL(url, RELEASE)).body.errors).toBeDefined();
    });

    it('serves a newly published supergraph, failing no request meanwhile', async () => {
      const load = startSteadyLoad(url, AREAS);
      try {
        await waitFor(() => load.succeeded() >= 20, 'the load to run');
        published.text = following;
        await waitFor(
          async () => (await postGraphQL(url, RELEASE)).body.data?.mapsRelease === 'next',
          'the new field',
        );
        const after = load.succeeded();
        await waitFor(() => load.succeeded() >= after + 20, 'the load to go on');
      } finally {
        await load.stop();
      }
      expect(load.failures()).toEqual([]);
    });

    it('keeps serving while the URL fails', async () => {
      published.failing = true;
      await waitFor(
        () => records.some((r) => r.msg.startsWith('cannot fetch the supergraph')),
        'the failed fetch',
      );
      expect((await postGraphQL(url, RELEASE)).body).toEqual({ data: { mapsRelease: 'next' } });
      published.failing = false;
    });
  });
});
