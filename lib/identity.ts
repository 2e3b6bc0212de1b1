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

export const SCOPES = {
  profile: 'Your name and profile in the wallet',
  location: 'Where you are, when you tell the app (arrival at a store)',
  balance: 'Your wallet balance and account statement',
  payments: 'Pay and refund from your wallet, and see your payments',
  membership: 'Join, see and cancel light memberships, and the offers they give you',
  orders: 'Place, follow and cancel your food and shop orders',
  coupons: 'Claim your coupons and see them',
  favorites: 'Your favorites bar and its gifts',
  social: 'Share, follow accounts and read your feed',
  merchant: 'Act for a merchant you own: member tiers, its orders, pushes and figures',
} as const;
export type Scope = keyof typeof SCOPES;
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];
export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
export interface Caller {
  userId: string | null;
  appId: string | null;
  scopes: ReadonlySet<Scope>;
}
export const ANONYMOUS: Caller = Object.freeze({
  userId: null,
  appId: null,
  scopes: new Set<Scope>(),
});
