import { timingSafeEqual } from 'node:crypto';

/**
 * Headers the gateway sets on every subgraph request. Subgraphs read the viewer
 * from here and never from a client token: the gateway is the only place that
 * verifies tokens, and subgraphs serve only requests that carry the gateway's
 * credential, so nobody can claim an identity by calling a subgraph directly.
 */
export const VIEWER_HEADER = 'x-hutong-user-id';
export const REQUEST_ID_HEADER = 'x-request-id';
export const GATEWAY_CREDENTIAL_HEADER = 'x-hutong-gateway-credential';

/** Compares in constant time, so response timing does not reveal the secret. */
export function isGatewayCredential(presented: string | undefined, secret: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
