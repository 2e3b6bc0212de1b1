/**
 * Who a request speaks for, as every service sees it. The gateway verifies the
 * user's access token and the app it was issued to; subgraphs learn the caller
 * only from the credential the gateway signs for each fetch (lib/credential.ts),
 * never from a header a client could set.
 */

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a user may grant a mini-program, each a line they can read on a consent
 * screen. Fields and mutations name the scopes they need with
 * `@requiresScopes`; the gateway removes what a token does not allow.
 */
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
  /** The signed-in user; null for an anonymous request. */
  userId: string | null;
  /**
   * The mini-program the user's token was issued to; for an anonymous request,
   * the registered app it names, trusted with public data only.
   */
  appId: string | null;
  /** What the user granted that app, within what the app may ask for; none when anonymous. */
  scopes: ReadonlySet<Scope>;
}

/**
 * A user id is an identifier, not text: it is compared and stored as is, so
 * one with surrounding whitespace or control characters would be another
 * user than it looks like ("demo " is not "demo"). The gateway refuses such a
 * token's subject, and a subgraph such a credential's.
 */
const USER_ID = /^[^\p{C}\p{Z}\s](?:[^\p{C}]{0,254}[^\p{C}\p{Z}\s])?$/u;

export function isValidUserId(userId: unknown): userId is string {
  return typeof userId === 'string' && USER_ID.test(userId);
}

export const ANONYMOUS: Caller = Object.freeze({
  userId: null,
  appId: null,
  scopes: new Set<Scope>(),
});
