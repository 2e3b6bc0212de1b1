import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALL_SCOPES, ANONYMOUS, REQUEST_ID_HEADER, type Caller } from '../lib/identity';
import { verifyViewer } from './auth';

export interface GatewayContext {
  requestId: string;
  /** The verified user id from the bearer token; null for anonymous requests. */
  viewerId: string | null;
  /** Who asks and what they may see: gateway/authorization.ts removes the rest before planning. */
  caller: Caller;
  /**
   * Aborts when the client goes away or the request's deadline passes; every
   * subgraph fetch of the request listens to it.
   */
  signal: AbortSignal;
  /** The entities (and private viewer) the answer was built from, for the response cache. */
  cacheTags: Set<string>;
}

/** A client's request id is kept when it looks like one, so logs line up end to end. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function requestIdOf(request: FastifyRequest): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function createGatewayContext(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { jwtSecret: string; requestDeadlineMs: number; requestId: string },
): GatewayContext {
  const viewerId = verifyViewer(request.headers.authorization, options.jwtSecret);
  const clientGone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) clientGone.abort(new Error('client disconnected'));
  });
  return {
    requestId: options.requestId,
    viewerId,
    caller: viewerId ? { userId: viewerId, appId: null, scopes: new Set(ALL_SCOPES) } : ANONYMOUS,
    signal: AbortSignal.any([clientGone.signal, AbortSignal.timeout(options.requestDeadlineMs)]),
    cacheTags: new Set(),
  };
}
