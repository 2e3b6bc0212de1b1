/**
 * Persisted operations. The manifest (schema/persisted-operations.json, made
 * by `npm run compose`) lists every operation the clients ship, by the sha256
 * of its text. A client sends the id — in `extensions.persistedQuery.sha256Hash`
 * (the APQ shape) or `documentId` — by POST or, for a cacheable query, by GET.
 * With `persistedOnly` (production) nothing else is served, and each app runs
 * only the operations the app registry says it ships: an unknown id, or
 * another app's, gets PERSISTED_QUERY_NOT_FOUND and free text
 * PERSISTED_QUERY_REQUIRED, before any parsing or planning. Otherwise unknown
 * ids fall through to Apollo's APQ, and one it does not hold either is
 * answered PERSISTED_QUERY_NOT_FOUND saying how to persist it. Every request
 * reads the manifest in use as it arrives, so a reloaded one serves the next.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendGraphQLError } from '../../lib/http';
import type { Manifest, ManifestOperation } from '../manifest';

/** What a developer does to make an id known, told with every unknown one. */
const HOW_TO_PERSIST =
  'add the operation as a .graphql file under schema/operations/ and run `npm run compose`; ' +
  'the running gateway reloads the manifest';

/** Outside production, an id the manifest does not hold (nor APQ, for an APQ id). */
export function unknownIdMessage(id: string, viaApq: boolean): string {
  const known = viaApq
    ? 'it is not in the manifest and APQ has not registered it (send the query text with the id to register it)'
    : 'it is not in the manifest';
  return `No persisted operation has the id ${id.slice(0, 64)}: ${known}. To persist it, ${HOW_TO_PERSIST}`;
}

type GraphQLParams = Record<string, unknown>;

const NOT_JSON = Symbol('not JSON');

/** A request's extensions, parsed when they come as JSON text (a GET's always do). */
function parsedExtensions(extensions: unknown): unknown {
  if (typeof extensions !== 'string') return extensions;
  try {
    return JSON.parse(extensions) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function persistedId(params: GraphQLParams, extensions: unknown): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId;
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** The extensions left once the operation is resolved, as text when they came as text. */
function withoutPersistedQuery(extensions: unknown, asText: boolean): unknown {
  if (!extensions || typeof extensions !== 'object') return undefined;
  const { persistedQuery: _resolved, ...rest } = extensions as Record<string, unknown>;
  if (Object.keys(rest).length === 0) return undefined;
  return asText ? JSON.stringify(rest) : rest;
}

function urlWith(url: string, params: GraphQLParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined)
      search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return `${url.split('?')[0]}?${search}`;
}

export interface PersistedOperationsOptions {
  manifest: () => Manifest;
  persistedOnly: boolean;
  /** The operations the request's app ships; undefined when it names no app. */
  appOperations(request: FastifyRequest): { app: string; names: ReadonlySet<string> } | undefined;
  requestIdOf(request: FastifyRequest): string;
}

export function persistedOperationsHook(options: PersistedOperationsOptions) {
  const { persistedOnly } = options;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const refuse = (code: string, message: string) =>
      sendGraphQLError(reply, {
        status: 400,
        code,
        message,
        requestId: options.requestIdOf(request),
      });
    /** In production an operation runs only for an app that ships it. */
    const refusedForApp = (operation: ManifestOperation) => {
      if (!persistedOnly) return undefined;
      const shipped = options.appOperations(request);
      if (shipped?.names.has(operation.name)) return undefined;
      return refuse(
        'PERSISTED_QUERY_NOT_FOUND',
        shipped
          ? `The app ${shipped.app} ships no persisted operation with the id ${operation.id}: ` +
              `list the operation under the app's operations in the app registry (schema/apps.yaml)`
          : `Persisted operations run for a registered app: send a token, or name the app in x-app-id`,
      );
    };
    const manifest = options.manifest();
    const params = (request.method === 'GET' ? request.query : request.body) as
      GraphQLParams | undefined;
    // Batches and other shapes are Apollo Server's to refuse.
    if (!params || typeof params !== 'object' || Array.isArray(params)) return;
    const extensions = parsedExtensions(params.extensions);
    if (extensions === NOT_JSON) return refuse('BAD_REQUEST', 'The extensions are not valid JSON');
    const id = persistedId(params, extensions);
    if (id !== undefined) {
      const operation = manifest.get(id);
      if (operation) {
        const refused = refusedForApp(operation);
        if (refused) return refused;
        params.query = operation.body;
        // Resolved here: Apollo Server sees an ordinary query (its own APQ may be off).
        delete params.documentId;
        params.extensions = withoutPersistedQuery(
          extensions,
          typeof params.extensions === 'string',
        );
        if (params.extensions === undefined) delete params.extensions;
        // Apollo's Fastify integration reads a GET's parameters from the URL itself.
        if (request.method === 'GET') request.raw.url = urlWith(request.raw.url ?? '/', params);
        return;
      }
      if (persistedOnly) {
        return refuse(
          'PERSISTED_QUERY_NOT_FOUND',
          `No persisted operation has the id ${id.slice(0, 64)}: an operation is served once it is ` +
            'in the manifest (a .graphql file under schema/operations/, then `npm run compose`) ' +
            "and listed under its app's operations in the app registry (schema/apps.yaml)",
        );
      }
      // APQ knows no documentId: without text there is nothing it could run.
      if (typeof params.documentId === 'string' && typeof params.query !== 'string')
        return refuse('PERSISTED_QUERY_NOT_FOUND', unknownIdMessage(id, false));
      return;
    }
    if (persistedOnly && typeof params.query === 'string') {
      const hash = createHash('sha256').update(params.query).digest('hex');
      const operation = manifest.get(hash);
      if (operation) return refusedForApp(operation);
      return refuse(
        'PERSISTED_QUERY_REQUIRED',
        'This gateway serves persisted operations only: send the id of an operation in the manifest',
      );
    }
  };
}

/**
 * Apollo's APQ answers an id it does not hold with the bare message
 * "PersistedQueryNotFound". The code stays, since APQ clients resend the
 * text on it; the message says which id and how to persist it for good.
 */
export function explainedApqMisses(): ApolloServerPlugin {
  return {
    requestDidStart: async ({ request }) => ({
      willSendResponse: async ({ response }) => {
        const id = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
          ?.persistedQuery?.sha256Hash;
        if (typeof id !== 'string' || request.query !== undefined) return;
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? [])
          if (error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')
            (error as { message: string }).message = unknownIdMessage(id, true);
      },
    }),
  };
}
