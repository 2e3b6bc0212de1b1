/**
 * The subgraphs of `npm run bench:gateway`: one minimal HTTP server per
 * subgraph, all in the bench's own process, each answering a fetch with what
 * the real seeded subgraph answered to it. While recording, a fetch not
 * answered before goes on to the real subgraph and its answer is kept; once
 * replaying, only kept answers are served, so a subgraph fetch costs the
 * gateway what it would cost over the network and the subgraph next to
 * nothing.
 *
 * An answer is kept by what it depends on: the body, and, unless the subgraph
 * said it is public, the user and the scopes the fetch's credential names
 * (not the app: no subgraph reads it, and the plain gateway names none). So a
 * public answer that changes with time (a topic's heat) is the same for every
 * gateway and user, as the gateway's caches take it to be. Each entity of an
 * `_entities` answer is also kept on its own, so that a fetch of only the
 * entities Hutong's entity cache lacks is answered too, with the tags of the
 * whole batch it was recorded in.
 *
 * Unless asked to keep them, answers are served without their cache hints
 * (Cache-Control): Hutong's caches then look every answer up and keep none,
 * so every request costs the gateway all it can, as with users who rarely
 * repeat each other; with them, Hutong's caches answer most of the 50 points.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CACHE_TAGS_EXTENSION } from '../../lib/cache-tags';
import { CREDENTIAL_HEADER, type CredentialClaims } from '../../lib/credential';
import { REQUEST_ID_HEADER } from '../../lib/identity';

interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface KeptEntity {
  headers: Record<string, string>;
  entity: unknown;
  extensions: unknown;
}

/** What the gateway reads of an answer besides its body. */
const KEPT_HEADERS = ['content-type', 'cache-control'];

interface Fetch {
  query?: string;
  variables?: { representations?: unknown[] } & Record<string, unknown>;
}

/** Where an entity of an `_entities` fetch is kept: its selection, other variables, representation. */
function entityKeys(fetch: Fetch): string[] | undefined {
  const { representations, ...others } = fetch.variables ?? {};
  if (!Array.isArray(representations) || !fetch.query?.includes('_entities')) return undefined;
  const selection = `${fetch.query}\n${JSON.stringify(others)}`;
  return representations.map((representation) => `${selection}\n${JSON.stringify(representation)}`);
}

export interface FixtureSubgraphs {
  /** Each fixture subgraph's GraphQL URL, by subgraph name. */
  urls: Record<string, string>;
  /** From now on, only kept answers are served. */
  replayOnly(): void;
  /** Fetches that came while replaying with no answer kept for them (each answered 502). */
  readonly misses: number;
  /** Answers kept, over all subgraphs. */
  readonly kept: number;
  close(): Promise<void>;
}

function callerOf(credential: string | undefined): string {
  const payload = credential?.split('.')[1];
  if (!payload) return '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as CredentialClaims;
  return `${claims.sub ?? ''} ${claims.scope.split(' ').sort().join(' ')}`;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function answerFromReal(
  realUrl: string,
  request: http.IncomingMessage,
  body: string,
): Promise<KeptAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of [CREDENTIAL_HEADER, REQUEST_ID_HEADER]) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(realUrl, { method: 'POST', headers, body });
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return {
    status: response.status,
    headers: kept,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

export async function startFixtureSubgraphs(
  realUrls: Record<string, string>,
  options: { cacheHints: boolean },
): Promise<FixtureSubgraphs> {
  let replaying = false;
  let misses = 0;
  const answers = new Map<string, KeptAnswer>();
  const entities = new Map<string, KeptEntity>();
  const servers: http.Server[] = [];
  const urls: Record<string, string> = {};

  const keep = (caller: string, body: string, fetch: Fetch, answer: KeptAnswer) => {
    if (answer.status !== 200) return;
    const owner = /\bpublic\b/.test(answer.headers['cache-control'] ?? '') ? '' : caller;
    answers.set(`${owner}\n${body}`, answer);
    const keys = entityKeys(fetch);
    const parsed = JSON.parse(answer.body.toString()) as {
      data?: { _entities?: unknown[] };
      errors?: unknown;
      extensions?: unknown;
    };
    const fetched = parsed.data?._entities;
    if (!keys || parsed.errors || fetched?.length !== keys.length) return;
    keys.forEach((key, index) =>
      entities.set(`${owner}\n${key}`, {
        headers: answer.headers,
        entity: fetched[index],
        extensions: parsed.extensions,
      }),
    );
  };

  /** An `_entities` fetch answered from entities kept from other batches, if all are kept. */
  const assembled = (caller: string, fetch: Fetch): KeptAnswer | undefined => {
    const keys = entityKeys(fetch);
    if (!keys) return undefined;
    const kept = keys.map((key) => entities.get(`\n${key}`) ?? entities.get(`${caller}\n${key}`));
    if (kept.some((entity) => entity === undefined)) return undefined;
    const first = kept[0]!;
    const tags = new Set(
      kept.flatMap(
        (entity) =>
          ((entity!.extensions as Record<string, unknown> | undefined)?.[CACHE_TAGS_EXTENSION] ??
            []) as string[],
      ),
    );
    const extensions = tags.size > 0 ? { [CACHE_TAGS_EXTENSION]: [...tags] } : undefined;
    const body = JSON.stringify({
      data: { _entities: kept.map((entity) => entity!.entity) },
      ...(extensions ? { extensions } : {}),
    });
    return { status: 200, headers: first.headers, body: Buffer.from(body) };
  };

  for (const [name, realUrl] of Object.entries(realUrls)) {
    const server = http.createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
      void (async () => {
        const body = (await readBody(request)).toString();
        const credential = request.headers[CREDENTIAL_HEADER];
        const caller = callerOf(typeof credential === 'string' ? credential : undefined);
        let answer = answers.get(`\n${body}`) ?? answers.get(`${caller}\n${body}`);
        if (!answer) {
          const fetch = JSON.parse(body) as Fetch;
          answer = assembled(caller, fetch);
          if (!answer && !replaying) {
            answer = await answerFromReal(realUrl, request, body);
            keep(caller, body, fetch, answer);
          }
        }
        if (!answer) {
          misses++;
          response.writeHead(502).end();
          return;
        }
        const { 'cache-control': hint, ...headers } = answer.headers;
        response.writeHead(answer.status, {
          ...headers,
          ...(options.cacheHints && hint !== undefined ? { 'cache-control': hint } : {}),
          'content-length': answer.body.length,
        });
        response.end(answer.body);
      })().catch(() => response.writeHead(502).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return {
    urls,
    replayOnly: () => (replaying = true),
    get misses() {
      return misses;
    },
    get kept() {
      return answers.size;
    },
    close: async () => {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
