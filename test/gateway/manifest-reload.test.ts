/**
 * A new persisted-operation manifest served without a restart and without a
 * failed request: saved over the gateway's file or published at the URL it
 * polls while clients keep sending persisted operations. A manifest that does
 * not hold together, or that would take a screen from a live app, is logged
 * and the previous one keeps serving. Outside production an unknown id says
 * how to persist it, and APQ still registers operations.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PERSISTED_OPERATIONS_FILE } from '../../schema/compose';
import { bearer, HUBIN, startGraph, type RunningGraph } from '../support/harness';
import { capturedLog, type LogRecord } from '../support/logs';
import { waitFor } from '../support/steady-load';

interface Entry {
  id: string;
  name: string;
  type: string;
  body: string;
}
const COMMITTED = JSON.parse(fs.readFileSync(PERSISTED_OPERATIONS_FILE, 'utf8')) as {
  operations: Entry[];
};
const HOME = COMMITTED.operations.find((operation) => operation.name === 'MiniProgramHome')!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const entry = (name: string, body: string): Entry => ({
  id: sha256(body),
  name,
  type: 'query',
  body,
});
/** The committed manifest with `added` operations, as `npm run compose` would write it. */
const manifestWith = (...added: Entry[]) =>
  JSON.stringify(
    {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [...COMMITTED.operations, ...added],
    },
    null,
    2,
  );

const TOPICS = entry(
  'TopicTitles',
  'query TopicTitles {\n  trendingTopics(first: 2) {\n    id\n    title\n  }\n}',
);
const AREAS = entry(
  'AreaNames',
  'query AreaNames {\n  businessAreas(first: 2) {\n    edges {\n      node {\n        id\n        name\n      }\n    }\n  }\n}',
);
const MISSPELT = entry(
  'TopicHeadlines',
  'query TopicHeadlines {\n  trendingTopics(first: 2) {\n    headline\n  }\n}',
);

/** One client's anonymous traffic is far above the per-user rate limit here. */
const UNLIMITED = {
  HUTONG_RATE_USER_BURST: '1000000',
  HUTONG_RATE_USER_PER_SECOND: '1000000',
  HUTONG_RATE_APP_BURST: '1000000',
  HUTONG_RATE_APP_PER_SECOND: '1000000',
};

/** The home query asks for the viewer: a signed-in one, so that a good answer has no errors. */
const VIEWER = bearer('demo');

async function sendPersisted(url: string, id: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...VIEWER },
    body: JSON.stringify({
      extensions: { persistedQuery: { version: 1, sha256Hash: id } },
      variables,
    }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Persisted home queries back to back from a few clients, every answer kept. */
function persistedLoad(url: string) {
  const failures: string[] = [];
  let succeeded = 0;
  let running = true;
  const client = async () => {
    while (running) {
      try {
        const { status, body } = await sendPersisted(url, HOME.id, HUBIN);
        if (status === 200 && body.data?.nearbyStores && !body.errors) succeeded++;
        else failures.push(JSON.stringify({ status, body }));
      } catch (error) {
        failures.push(String(error));
      }
    }
  };
  const clients = Array.from({ length: 4 }, client);
  return {
    succeeded: () => succeeded,
    failures,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** As `npm run compose` and deploy tools save it: beside the target, then renamed over it. */
function saveAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

const reasonOf = (record: LogRecord | undefined) =>
  String((record?.err as { message?: unknown } | undefined)?.message);

const servable = async (url: string, operation: Entry) =>
  (await sendPersisted(url, operation.id)).body.errors === undefined;

describe('persisted-operation manifest reload', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hutong-manifest-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('from a watched file', () => {
    const file = path.join(dir, 'persisted-operations.json');
    const { log, records } = capturedLog();
    const rejections = () =>
      records.filter((record) => record.msg.startsWith('persisted-operation manifest rejected'));
    let graph: RunningGraph;
    let url: string;

    beforeAll(async () => {
      fs.writeFileSync(file, manifestWith());
      graph = await startGraph({
        gatewayEnv: {
          ...UNLIMITED,
          HUTONG_PERSISTED_OPERATIONS: file,
          HUTONG_PERSISTED_OPERATIONS_POLL_MS: '1000',
        },
        log,
      });
      url = graph.gatewayUrl;
    });
    afterAll(() => graph.close());

    it('serves new operations as manifests are saved, failing no request meanwhile, and keeps the previous one over a broken one', async () => {
      expect(
        records.some((record) => record.msg.startsWith('persisted operations that do not')),
      ).toBe(false);
      expect((await sendPersisted(url, TOPICS.id)).body.errors[0].extensions.code).toBe(
        'PERSISTED_QUERY_NOT_FOUND',
      );
      const load = persistedLoad(url);
      try {
        await waitFor(() => load.succeeded() >= 20, 'the load to run');

        saveAtomically(file, manifestWith(TOPICS));
        await waitFor(() => servable(url, TOPICS), 'the added operation');

        saveAtomically(file, manifestWith(TOPICS, MISSPELT));
        await waitFor(() => rejections().length === 1, 'the rejection');
        const rejected = reasonOf(rejections()[0]);
        expect(rejected).toContain('TopicHeadlines: does not validate against the served schema');
        expect(rejected).toContain('Cannot query field "headline"');
        expect(await servable(url, MISSPELT)).toBe(false);

        saveAtomically(file, '{ "format": "apollo-persisted-query-manifest", ');
        await waitFor(() => rejections().length === 2, 'the second rejection');

        saveAtomically(file, manifestWith(TOPICS, AREAS));
        await waitFor(() => servable(url, AREAS), 'the next good manifest');
        const before = load.succeeded();
        await waitFor(() => load.succeeded() >= before + 20, 'the load to go on');
      } finally {
        await load.stop();
      }
      expect(load.failures).toEqual([]);
      expect(await servable(url, TOPICS)).toBe(true);
      expect((await sendPersisted(url, TOPICS.id)).body.data.trendingTopics).toHaveLength(2);
    });

    it('counts a new operation under its own name in the metrics', async () => {
      const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/hutong_gateway_requests_total\{operation="AreaNames",outcome="ok"/);
    });

    it('refuses a manifest that drops an operation a registered app ships, naming the app', async () => {
      const withoutHome = JSON.parse(manifestWith(TOPICS, AREAS));
      withoutHome.operations = withoutHome.operations.filter(
        (operation: Entry) => operation.name !== 'MiniProgramHome',
      );
      const before = rejections().length;
      saveAtomically(file, JSON.stringify(withoutHome));
      await waitFor(() => rejections().length > before, 'the rejection');
      expect(reasonOf(rejections().at(-1))).toContain(
        'MiniProgramHome: dropped, but app hutong-demo ships it',
      );
      expect((await sendPersisted(url, HOME.id, HUBIN)).body.errors).toBeUndefined();
    });
  });

  describe('from a polled URL', () => {
    const published = { text: manifestWith() };
    const conditional: string[] = [];
    let registry: http.Server;
    let graph: RunningGraph;
    let url: string;

    beforeAll(async () => {
      registry = http.createServer((request, response) => {
        const etag = `"${sha256(published.text)}"`;
        if (request.headers['if-none-match'] === etag) {
          conditional.push(etag);
          return void response.writeHead(304).end();
        }
        response.writeHead(200, { 'content-type': 'application/json', etag }).end(published.text);
      });
      await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
      const { port } = registry.address() as AddressInfo;
      graph = await startGraph({
        gatewayEnv: {
          ...UNLIMITED,
          HUTONG_PERSISTED_OPERATIONS_URL: `http://127.0.0.1:${port}/persisted-operations.json`,
          HUTONG_PERSISTED_OPERATIONS_POLL_MS: '100',
        },
      });
      url = graph.gatewayUrl;
    });
    afterAll(async () => {
      await graph.close();
      await new Promise((resolve) => registry.close(resolve));
    });

    it('asks again with the ETag, then serves a newly published operation, failing no request meanwhile', async () => {
      await waitFor(() => conditional.length >= 2, 'conditional requests');
      const load = persistedLoad(url);
      try {
        await waitFor(() => load.succeeded() >= 20, 'the load to run');
        published.text = manifestWith(TOPICS);
        await waitFor(() => servable(url, TOPICS), 'the published operation');
      } finally {
        await load.stop();
      }
      expect(load.failures).toEqual([]);
    });

    it('tells an unknown id which it is and how to persist it, and APQ still registers it', async () => {
      const text = '{ trendingTopics(first: 1) { id } }';
      const missed = await sendPersisted(url, sha256(text));
      expect(missed.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(missed.body.errors[0].message).toContain(sha256(text));
      expect(missed.body.errors[0].message).toContain('schema/operations/');
      expect(missed.body.errors[0].message).toContain('npm run compose');

      // What an APQ client does next: the same id with the text, then the id alone.
      const registered = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: text,
          extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } },
        }),
      });
      expect(((await registered.json()) as any).data.trendingTopics).toHaveLength(1);
      expect((await sendPersisted(url, sha256(text))).body.data.trendingTopics).toHaveLength(1);

      const byDocumentId = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ documentId: 'a'.repeat(64) }),
      });
      const refused = (await byDocumentId.json()) as any;
      expect(refused.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(refused.errors[0].message).toContain(
        `the id ${'a'.repeat(64)}: it is not in the manifest`,
      );
    });
  });
});
