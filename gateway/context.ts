import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../lib/identity';
import { verifyViewer } from './auth';

export interface GatewayContext {
  requestId: string;
  /** The verified user id from the bearer token; null for anonymous requests. */
  viewerId: string | null;
}

/** A client's request id is kept when it looks like one, so logs line up end to end. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function createGatewayContext(
  request: FastifyRequest,
  jwtSecret: string,
): Promise<GatewayContext> {
  const given = request.headers[REQUEST_ID_HEADER];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return { requestId, viewerId: verifyViewer(request.headers.authorization, jwtSecret) };
}
