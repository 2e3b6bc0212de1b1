/**
 * Persisted operations. The manifest (schema/persisted-operations.json, made
 * by `npm run compose`) lists every operation the clients ship, by the sha256
 * of its text. A client sends the id — in `extensions.persistedQuery.sha256Hash`
 * (the APQ shape) or `documentId` — by POST or, for a cacheable query, by GET.
 * With `persistedOnly` (production) nothing else is served: an unknown id gets
 * PERSISTED_QUERY_NOT_FOUND and free text PERSISTED_QUERY_REQUIRED, before any
 * parsing or planning. Otherwise unknown ids fall through to Apollo's APQ.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ManifestOperation {
  id: string;
  name: string;
  type: string;
  body: string;
}

export type Manifest = Map<string, ManifestOperation>;

export function loadManifest(file: string): Manifest {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { operations: ManifestOperation[] };
  return new Map(parsed.operations.map((operation) => [operation.id, operation]));
}

type GraphQLParams = Record<string, unknown>;

function persistedId(params: GraphQLParams): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId;
  let extensions = params.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      return undefined;
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

function withoutPersistedQuery(extensions: unknown): unknown {
  const parsed = typeof extensions === 'string' ? (JSON.parse(extensions) as unknown) : extensions;
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { persistedQuery: _resolved, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length === 0) return undefined;
  return typeof extensions === 'string' ? JSON.stringify(rest) : rest;
}

function urlWith(url: string, params: GraphQLParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined)
      search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return `${url.split('?')[0]}?${search}`;
}

function refuse(reply: FastifyReply, code: string, message: string) {
  return reply
    .code(400)
    .type('application/json; charset=utf-8')
    .send({ errors: [{ message, extensions: { code } }] });
}

export function persistedOperationsHook(manifest: Manifest, persistedOnly: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = (request.method === 'GET' ? request.query : request.body) as
      GraphQLParams | undefined;
    // Batches and other shapes are Apollo Server's to refuse.
    if (!params || typeof params !== 'object' || Array.isArray(params)) return;
    const id = persistedId(params);
    if (id !== undefined) {
      const operation = manifest.get(id);
      if (operation) {
        params.query = operation.body;
        // Resolved here: Apollo Server sees an ordinary query (its own APQ may be off).
        delete params.documentId;
        params.extensions = withoutPersistedQuery(params.extensions);
        if (params.extensions === undefined) delete params.extensions;
        // Apollo's Fastify integration reads a GET's parameters from the URL itself.
        if (request.method === 'GET') request.raw.url = urlWith(request.raw.url ?? '/', params);
        return;
      }
      if (persistedOnly) {
        return refuse(
          reply,
          'PERSISTED_QUERY_NOT_FOUND',
          `No persisted operation has the id ${id.slice(0, 64)}`,
        );
      }
      return;
    }
    if (persistedOnly && typeof params.query === 'string') {
      const hash = createHash('sha256').update(params.query).digest('hex');
      if (manifest.has(hash)) return;
      return refuse(
        reply,
        'PERSISTED_QUERY_REQUIRED',
        'This gateway serves persisted operations only: send the id of an operation in the manifest',
      );
    }
  };
}
