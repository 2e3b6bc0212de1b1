/**
 * The gateway's developer pages, registered only when `config.sandbox` is on
 * (never in production, see lib/config.ts): GraphiQL at / with the client
 * operations, the demo user, field owners and query plans; the demo
 * mini-program at /demo; and the development-only endpoints behind them. When
 * off, none of these routes exists and / answers the usual 404 JSON.
 */
import type { Supergraph } from '@apollo/federation-internals';
import type { FastifyInstance } from 'fastify';
import { printSchema } from 'graphql';
import type { GatewayConfig } from '../config';
import { isScope, SCOPES } from '../../lib/identity';
import type { Logger } from '../../lib/logger';
import type { AppRegistry } from '../apps';
import { signDevelopmentToken } from '../auth';
import { buildSupergraph } from '../supergraph-features';
import { registerDemo } from '../demo';
import { readFieldOwners } from './field-owners';
import { registerGraphiql } from '../../lib/sandbox/graphiql';
import { readSandboxOperations } from './operations';
import { createQueryPlans } from './query-plan';
import { DEMO_APP_ID, DEMO_USER_ID, type FieldOwners } from '../../lib/sandbox/settings';

export const TOKEN_PATH = '/sandbox/token';
export const PLAN_PATH = '/sandbox/plan';
export const OWNERS_PATH = '/sandbox/owners';
export const SCHEMA_PATH = '/sandbox/schema.graphql';

export interface SandboxOptions {
  config: Pick<GatewayConfig, 'jwtSecret' | 'tokens' | 'operations'>;
  /** The registered apps, as the gateway serves them now. */
  apps: () => AppRegistry;
  /** The supergraph being served now: it changes when the gateway reloads one. */
  supergraphSdl: () => string;
  graphqlPath: string;
  log: Logger;
}

function badRequest(message: string) {
  return { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] };
}

export async function registerSandbox(
  app: FastifyInstance,
  options: SandboxOptions,
): Promise<void> {
  registerGraphiql(
    app,
    {
      title: 'Hutong sandbox',
      endpoint: options.graphqlPath,
      operations: readSandboxOperations(options.config.operations.dir),
      operationsNote: 'What the clients ship (schema/operations/). Open one, then run it.',
      viewer: {
        kind: 'token',
        userId: DEMO_USER_ID,
        tokenPath: TOKEN_PATH,
        apps: options
          .apps()
          .all()
          .filter((app) => app.status === 'active')
          .map((app) => ({ id: app.id, name: app.name, scopes: [...app.scopes] })),
        scopes: Object.entries(SCOPES).map(([name, description]) => ({ name, description })),
      },
      schemaPath: SCHEMA_PATH,
      planPath: PLAN_PATH,
      ownersPath: OWNERS_PATH,
    },
    options.log,
  );

  // Short-lived: it is signed with the gateway's development secret.
  app.post(TOKEN_PATH, async (request, reply) => {
    const body = (request.body ?? {}) as { app?: unknown; scopes?: unknown };
    const appId = body.app ?? DEMO_APP_ID;
    const app = typeof appId === 'string' ? options.apps().get(appId) : undefined;
    if (!app) return reply.code(400).send(badRequest('Name a registered app: {"app": "<id>"}'));
    const scopes = body.scopes ?? [...app.scopes];
    if (
      !Array.isArray(scopes) ||
      !scopes.every((scope) => typeof scope === 'string' && isScope(scope))
    )
      return reply
        .code(400)
        .send(badRequest(`scopes must be a list of: ${Object.keys(SCOPES).join(', ')}`));
    return {
      userId: DEMO_USER_ID,
      app: app.id,
      scopes,
      token: signDevelopmentToken(
        { userId: DEMO_USER_ID, appId: app.id, scopes: scopes as string[], expiresIn: '1h' },
        { ...options.config.tokens, secret: options.config.jwtSecret },
      ),
    };
  });

  // Built on the first request that needs it (most gateway starts never open the
  // sandbox), and again after the gateway reloads its supergraph.
  let built: { sdl: string; supergraph: Supergraph } | undefined;
  const supergraphOf = () => {
    const sdl = options.supergraphSdl();
    if (built?.sdl !== sdl) built = { sdl, supergraph: buildSupergraph(sdl) };
    return built.supergraph;
  };
  /** A value derived from the supergraph, kept until the supergraph changes. */
  const derived = <T>(derive: (supergraph: Supergraph) => T) => {
    let cache: { from: Supergraph; value: T } | undefined;
    return () => {
      const supergraph = supergraphOf();
      if (cache?.from !== supergraph) cache = { from: supergraph, value: derive(supergraph) };
      return cache.value;
    };
  };

  const apiSchemaSdl = derived((supergraph) =>
    printSchema(supergraph.apiSchema().toGraphQLJSSchema()),
  );
  app.get(SCHEMA_PATH, (_, reply) => {
    return reply.type('text/plain; charset=utf-8').send(apiSchemaSdl());
  });

  const plans = createQueryPlans(supergraphOf);
  app.post(PLAN_PATH, async (request, reply) => {
    const body = request.body as { query?: unknown; operationName?: unknown } | undefined;
    if (typeof body?.query !== 'string' || body.query.trim() === '')
      return reply.code(400).send(badRequest('Send {"query": "...", "operationName": "..."}'));
    const operationName =
      typeof body.operationName === 'string' && body.operationName !== ''
        ? body.operationName
        : undefined;
    const result = plans.plan(body.query, operationName);
    if ('plan' in result) return result;
    return reply.code(400).send({
      errors: result.errors.map(({ message, code }) => ({ message, extensions: { code } })),
    });
  });

  const owners = derived<FieldOwners>(readFieldOwners);
  app.get(OWNERS_PATH, async () => owners());

  registerDemo(app, {
    graphqlPath: options.graphqlPath,
    tokenPath: TOKEN_PATH,
    log: options.log,
  });
}
