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

export const ANONYMOUS: Caller = Object.freeze({
  userId: null,
  appId: null,
  scopes: new Set<Scope>(),
});
