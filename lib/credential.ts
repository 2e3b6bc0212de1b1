/**
 * The credential the gateway signs for every subgraph fetch, and the check a
 * subgraph makes before it serves one. It is the only place a subgraph learns
 * who calls: the user, the app, the scopes the user granted it, and the
 * request id. It binds them to one subgraph (the audience), one fetch (a
 * digest of the body, and an id a subgraph accepts once) and a few seconds,
 * so a credential captured on the wire is useless for another query, another
 * subgraph, a replay or later.
 *
 * The form is a compact JWT (HS256, RFC 7519) with the claims below, so a
 * subgraph written in any language verifies it with its usual JWT library.
 * It is made and checked here with node:crypto rather than through jose
 * because the gateway signs one per fetch (eight per home query): side by
 * side, jose's general path took 2.3 to 5.6 times as long per signature as
 * the one HMAC this needs. The format is tested against jose.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { isScope, isValidUserId, type Caller, type Scope } from './identity';

export const CREDENTIAL_HEADER = 'x-hutong-credential';

/** `typ` of the credential's header: never mistaken for a user's access token (`at+jwt`). */
export const CREDENTIAL_TYPE = 'hutong-subgraph+jwt';
export const CREDENTIAL_ISSUER = 'hutong-gateway';

/**
 * Seconds a credential is valid. It is checked when the fetch arrives, not when
 * it completes, so it covers the trip and a little clock skew between hosts.
 */
export const CREDENTIAL_LIFETIME_SECONDS = 10;
/** Seconds a subgraph allows between its clock and the gateway's, at either end of the lifetime. */
export const CLOCK_SKEW_SECONDS = 2;

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: CREDENTIAL_TYPE }));

export interface CredentialClaims {
  iss: string;
  /** The subgraph this credential is for. */
  aud: string;
  /** The user; absent for an anonymous request. */
  sub?: string;
  /** The app the user's token was issued to, or the app an anonymous request names. */
  client_id?: string;
  /** Space-separated scopes the user granted the app. */
  scope: string;
  request_id: string;
  /** Unique per fetch: a subgraph accepts each once. */
  jti: string;
  iat: number;
  exp: number;
  /** sha256 of the request body, base64url. */
  body_sha256: string;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export function bodyDigest(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

export interface SignedFetch {
  audience: string;
  caller: Caller;
  requestId: string;
  body: string;
  /** The caller's scopes, space-separated, when the fetch already has them so (one join per fetch). */
  scope?: string;
}

/** The credential of one subgraph fetch. */
export function signCredential(secret: string, fetch: SignedFetch, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: CredentialClaims = {
    iss: CREDENTIAL_ISSUER,
    aud: fetch.audience,
    ...(fetch.caller.userId !== null ? { sub: fetch.caller.userId } : {}),
    ...(fetch.caller.appId !== null ? { client_id: fetch.caller.appId } : {}),
    scope: fetch.scope ?? [...fetch.caller.scopes].join(' '),
    request_id: fetch.requestId,
    jti: randomUUID(),
    iat,
    exp: iat + CREDENTIAL_LIFETIME_SECONDS,
    body_sha256: bodyDigest(fetch.body),
  };
  const signingInput = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

export class CredentialError extends Error {
  override name = 'CredentialError';
}

export interface VerifiedCredential {
  caller: Caller;
  requestId: string;
  jti: string;
  exp: number;
  bodySha256: string;
}

/**
 * Checks signature, type, issuer, audience and lifetime; the body digest and
 * the one-use id are the caller's to check (`CredentialGuard`).
 */
export function verifyCredential(
  secret: string,
  token: string | undefined,
  audience: string,
  nowMs = Date.now(),
): VerifiedCredential {
  if (!token) throw new CredentialError('no credential');
  const parts = token.split('.');
  if (parts.length !== 3) throw new CredentialError('malformed credential');
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new CredentialError('bad signature');
  if (header !== HEADER) throw new CredentialError('not a subgraph credential');
  let claims: Partial<CredentialClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw new CredentialError('malformed claims');
  }
  if (claims.iss !== CREDENTIAL_ISSUER) throw new CredentialError('wrong issuer');
  if (claims.aud !== audience) throw new CredentialError(`meant for ${String(claims.aud)}`);
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < now)
    throw new CredentialError('expired');
  if (
    typeof claims.iat !== 'number' ||
    claims.iat - CLOCK_SKEW_SECONDS > now ||
    claims.exp - claims.iat > CREDENTIAL_LIFETIME_SECONDS
  )
    throw new CredentialError('lifetime out of bounds');
  if (
    typeof claims.jti !== 'string' ||
    typeof claims.request_id !== 'string' ||
    typeof claims.body_sha256 !== 'string' ||
    typeof claims.scope !== 'string' ||
    (claims.sub !== undefined && !isValidUserId(claims.sub)) ||
    (claims.client_id !== undefined && typeof claims.client_id !== 'string')
  )
    throw new CredentialError('malformed claims');
  const scopes = new Set<Scope>();
  for (const scope of claims.scope.split(' ')) if (isScope(scope)) scopes.add(scope);
  return {
    caller: {
      userId: claims.sub ?? null,
      appId: claims.client_id ?? null,
      scopes,
    },
    requestId: claims.request_id,
    jti: claims.jti,
    exp: claims.exp,
    bodySha256: claims.body_sha256,
  };
}

/**
 * Remembers the credential ids a subgraph process has served until they
 * expire, so one is accepted once. Replicas of a subgraph do not share it; the
 * body digest keeps a credential replayed to another replica to the very same
 * fetch within its few seconds.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** False when `jti` was seen before. */
  accept(jti: string, exp: number, nowMs = Date.now()): boolean {
    if (this.seen.has(jti)) return false;
    const now = nowMs / 1000;
    // Ids enter in about expiry order, so the expired ones are at the front. When
    // full of live ids (tens of thousands of fetches a second), the oldest go first.
    for (const [id, expiry] of this.seen) {
      if (expiry + CLOCK_SKEW_SECONDS >= now && this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
    this.seen.set(jti, exp);
    return true;
  }
}
