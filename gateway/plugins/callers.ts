/**
 * The first thing a GraphQL request meets after its body is read: who it
 * speaks for (gateway/auth.ts), then its rate limits. Both refuse before any
 * parsing, planning or persisted-operation lookup, so a refused request costs
 * little and writes nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { TokenBucketConfig } from '../config';
import { sendGraphQLError } from '../../lib/http';
import type { AppRegistry } from '../apps';
import { APP_ID_HEADER, authenticate, type AccessTokenVerifier, type Authenticated } from '../auth';
import { enforceRateLimits, type TokenBucketStore } from './rate-limit';

export interface CallerCheckOptions {
  tokens: AccessTokenVerifier;
  apps: () => AppRegistry;
  rateLimits: TokenBucketStore;
  limits: { perApp: TokenBucketConfig; perUser: TokenBucketConfig };
  requestIdOf(request: FastifyRequest): string;
}

export class Callers {
  private readonly byRequest = new WeakMap<FastifyRequest, Authenticated>();

  constructor(private readonly options: CallerCheckOptions) {}

  /** The verified caller of a request the hook let through. */
  of(request: FastifyRequest): Authenticated {
    const found = this.byRequest.get(request);
    if (!found) throw new Error('a GraphQL request reached its handler without a verified caller');
    return found;
  }

  /** Fastify preHandler of the GraphQL route. */
  hook() {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const { options } = this;
      try {
        const authenticated = await authenticate(
          { authorization: request.headers.authorization, appId: request.headers[APP_ID_HEADER] },
          options.tokens,
          options.apps(),
        );
        const { app } = authenticated;
        await enforceRateLimits(options.rateLimits, options.limits.perUser, {
          caller: { userId: authenticated.caller.userId, ip: request.ip },
          app: app && {
            id: app.id,
            verified: authenticated.verified,
            bucket: app.rateLimit ?? options.limits.perApp,
          },
        });
        this.byRequest.set(request, authenticated);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const { http: httpExtension, code, ...extensions } = error.extensions;
        const http = httpExtension as
          { status?: number; headers?: Map<string, string> } | undefined;
        return sendGraphQLError(
          reply,
          {
            status: http?.status ?? 400,
            code: String(code),
            message: error.message,
            extensions,
            requestId: options.requestIdOf(request),
          },
          Object.fromEntries(http?.headers ?? []),
        );
      }
    };
  }
}
