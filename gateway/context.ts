import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { whenClosed } from '../lib/http';
import { REQUEST_ID_HEADER, type Caller } from '../lib/identity';

export interface GatewayContext {
  requestId: string;
  /** The user, app and scopes the request was verified for (gateway/auth.ts). */
  caller: Caller;
  /** The verified user id from the bearer token; null for anonymous requests. */
  viewerId: string | null;
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
  reply: FastifyReply,
  options: { caller: Caller; requestDeadlineMs: number; requestId: string },
): GatewayContext {
  const clientGone = new AbortController();
  whenClosed(reply.raw, () => {
    if (!reply.raw.writableFinished) clientGone.abort(new Error('client disconnected'));
  });
  return {
    requestId: options.requestId,
    caller: options.caller,
    viewerId: options.caller.userId,
    signal: AbortSignal.any([clientGone.signal, AbortSignal.timeout(options.requestDeadlineMs)]),
    cacheTags: new Set(),
  };
}
