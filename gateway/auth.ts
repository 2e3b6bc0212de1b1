/**
 * Who a request speaks for. A user's access token is a JWT in the shape of
 * RFC 9068 (`typ: at+jwt`; `iss`, `aud`, `sub`, `client_id`, `scope`, `iat`,
 * `jti` and a required `exp`), issued by the platform's sign-in service to one
 * registered app; the gateway only verifies it. Production verifies RS256 or
 * ES256 against the sign-in service's JWKS (a file or an HTTPS URL, keys
 * picked by `kid`, a new key picked up without a restart); HS256 with a
 * shared secret serves development, where `npm run token` signs.
 *
 * An anonymous request may name its app in `x-app-id`; that claim is not
 * verified, so it earns public data only (no scopes) and a rate-limit bucket
 * apart from the app's signed-in users.
 */
import fs from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import jwt from 'jsonwebtoken';
import { GraphQLError } from 'graphql';
import { ErrorCode, unauthenticated } from '../lib/errors';
import { isScope, isValidUserId, type Caller, type Scope } from '../lib/identity';
import type { Logger } from '../lib/logger';
import { hmacKey } from '../lib/secret-keys';
import { APP_ID, type AppRegistry, type RegisteredApp } from './apps';
import type { GatewayConfig } from './config';

export const APP_ID_HEADER = 'x-app-id';

/** `typ` of an RFC 9068 access token; `application/at+jwt` is the same type. */
const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Clocks of the sign-in service and the gateway may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** How access tokens are verified: the gateway's `tokens` settings. */
export type AccessTokenSettings = GatewayConfig['tokens'];

/** A token's id: printable, no spaces, as a sign-in service's UUIDs or random ids are. */
const TOKEN_ID = /^[\x21-\x7e]{1,255}$/;

export interface VerifiedToken {
  userId: string;
  appId: string;
  /** As granted in the token; the app's registration narrows them further. */
  scopes: Scope[];
}

type KeyResolver = (header: JWTHeaderParameters) => Promise<KeyLike | Uint8Array>;

/** A JWKS file, reread at most once a second when a token names a key it lacks, else every 30 s. */
function jwksFromFile(file: string): KeyResolver {
  let set: ReturnType<typeof createLocalJWKSet> | undefined;
  let readAt = 0;
  const read = async () => {
    const jwks = JSON.parse(await fs.promises.readFile(file, 'utf8')) as JSONWebKeySet;
    set = createLocalJWKSet(jwks);
    readAt = Date.now();
    return set;
  };
  return async (header) => {
    const current = !set || Date.now() - readAt > 30_000 ? await read() : set;
    try {
      return await current(header);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - readAt < 1000)
        throw error;
      return (await read())(header);
    }
  };
}

export class AccessTokenVerifier {
  private readonly resolveKey: KeyResolver;
  private readonly algorithms: string[];

  constructor(
    private readonly settings: AccessTokenSettings,
    private readonly log: Logger,
  ) {
    const secret = settings.hs256Secret ? hmacKey(settings.hs256Secret) : null;
    const jwks = settings.jwksUrl
      ? createRemoteJWKSet(new URL(settings.jwksUrl), {
          cacheMaxAge: 10 * 60_000,
          cooldownDuration: 30_000,
        })
      : settings.jwksFile
        ? jwksFromFile(settings.jwksFile)
        : null;
    this.algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256', 'ES256'] : [])];
    this.resolveKey = async (header) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (jwks && header.alg !== 'HS256') return jwks(header);
      throw new joseErrors.JOSEAlgNotAllowed(`${header.alg} is not accepted`);
    };
  }

  /** The token's user, app and scopes; UNAUTHENTICATED for anything but a valid token. */
  async verify(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.resolveKey, {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // Also refuses an `iat` in the future.
        maxTokenAge: this.settings.maxLifetimeSeconds,
      }));
    } catch (error) {
      throw this.refusal(error);
    }
    const {
      sub,
      client_id: appId,
      scope,
      iat,
      exp,
      jti,
    } = payload as JWTPayload & {
      client_id?: unknown;
      scope?: unknown;
    };
    if (exp! - iat! > this.settings.maxLifetimeSeconds)
      throw unauthenticated(
        `The token lives longer than the ${this.settings.maxLifetimeSeconds} s this gateway accepts`,
      );
    if (!isValidUserId(sub))
      throw unauthenticated('The token names its user with characters a user id cannot have');
    // jose checks that a jti is present, not what it is: an id names one token, so it is text.
    if (typeof jti !== 'string' || !TOKEN_ID.test(jti))
      throw unauthenticated('The token has no valid jti (1-255 printable characters)');
    if (typeof appId !== 'string' || !APP_ID.test(appId))
      throw unauthenticated('The token names no valid client_id');
    if (scope !== undefined && typeof scope !== 'string')
      throw unauthenticated('The token has a scope that is not a string');
    return {
      userId: sub,
      appId,
      scopes: (scope ?? '').split(' ').filter(isScope),
    };
  }

  private refusal(error: unknown): GraphQLError {
    if (error instanceof joseErrors.JWTExpired) return unauthenticated('The token has expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      return unauthenticated(`The token's ${error.claim} is not acceptable: ${error.reason}`);
    if (error instanceof joseErrors.JWKSNoMatchingKey)
      return unauthenticated('The token is signed with a key the sign-in service does not list');
    if (error instanceof joseErrors.JOSEAlgNotAllowed)
      return unauthenticated(
        `The token's algorithm is not accepted (${this.algorithms.join(', ')})`,
      );
    if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
      this.log.error({ err: error }, "cannot read the sign-in service's keys");
      return new GraphQLError('Tokens cannot be checked right now; retry shortly', {
        extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 503 } },
      });
    }
    if (error instanceof joseErrors.JOSEError) return unauthenticated('The token is not valid');
    this.log.error({ err: error }, 'token verification failed');
    return unauthenticated('The token is not valid');
  }
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
  });
}

function usableApp(apps: AppRegistry, id: string): RegisteredApp {
  const app = apps.get(id);
  if (!app) throw forbidden(`The app "${id}" is not registered with this platform`);
  if (app.status !== 'active') throw forbidden(`The app "${id}" is suspended`);
  return app;
}

export interface Authenticated {
  caller: Caller;
  /** The app a request's limits and safelist are those of; undefined for none. */
  app: RegisteredApp | undefined;
  /** Whether the app was verified from a token, or only claimed by an anonymous request. */
  verified: boolean;
}

/**
 * The caller of a request: from its bearer token when it has one (a bad token
 * is never read as anonymous), else anonymous under the app it names, if any.
 */
export async function authenticate(
  headers: { authorization?: string | undefined; appId?: string | string[] | undefined },
  tokens: AccessTokenVerifier,
  apps: AppRegistry,
): Promise<Authenticated> {
  const { authorization } = headers;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = await tokens.verify(match[1]!);
    const app = usableApp(apps, token.appId);
    return {
      caller: {
        userId: token.userId,
        appId: app.id,
        scopes: new Set(token.scopes.filter((scope) => app.scopes.has(scope))),
      },
      app,
      verified: true,
    };
  }
  const claimed = headers.appId;
  if (claimed === undefined || claimed === '') {
    return {
      caller: { userId: null, appId: null, scopes: new Set() },
      app: undefined,
      verified: false,
    };
  }
  if (typeof claimed !== 'string' || !APP_ID.test(claimed))
    throw forbidden(`The ${APP_ID_HEADER} header names no registered app`);
  const app = usableApp(apps, claimed);
  return { caller: { userId: null, appId: app.id, scopes: new Set() }, app, verified: false };
}

export interface DevelopmentToken {
  userId: string;
  appId: string;
  scopes: readonly string[];
  /** Seconds, or a duration such as "2h". */
  expiresIn: string | number;
}

/**
 * Signs an HS256 access token of the shape the gateway verifies: for
 * development and tests only (production tokens come from the sign-in service).
 */
export function signDevelopmentToken(
  token: DevelopmentToken,
  settings: Pick<AccessTokenSettings, 'issuer' | 'audience'> & { secret: string },
): string {
  return jwt.sign(
    { client_id: token.appId, scope: token.scopes.join(' ') },
    hmacKey(settings.secret),
    {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE },
      subject: token.userId,
      issuer: settings.issuer,
      audience: settings.audience,
      jwtid: crypto.randomUUID(),
      expiresIn: token.expiresIn as jwt.SignOptions['expiresIn'] & string,
    },
  );
}
