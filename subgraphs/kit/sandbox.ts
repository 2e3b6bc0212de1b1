/**
 * A subgraph's own sandbox at / in development, for its team: GraphiQL over
 * the subgraph alone, with `_service` and `_entities`, and a demo viewer.
 *
 * A subgraph's /graphql answers the gateway only (it checks the credential the
 * gateway signs for each fetch), so the page talks to /sandbox/graphql
 * instead, which signs a credential for the user the page names (with every
 * scope) and hands the request on to its own /graphql. The secret never
 * reaches the browser; the route exists only when the sandbox is on, which
 * configuration refuses in production.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SubgraphName } from '../../lib/config';
import { CREDENTIAL_HEADER, signCredential } from '../../lib/credential';
import { ALL_SCOPES, REQUEST_ID_HEADER } from '../../lib/identity';
import type { Logger } from '../../lib/logger';
import { registerGraphiql } from '../../lib/sandbox/graphiql';
import { DEMO_USER_ID } from '../../lib/sandbox/settings';

export const SUBGRAPH_SANDBOX_ENDPOINT = '/sandbox/graphql';

export interface SubgraphSandboxOptions {
  name: SubgraphName;
  graphqlPath: string;
  gatewaySecret: string;
  log: Logger;
}

/** The page names the user it speaks for in this header; only this route reads it. */
export const SANDBOX_VIEWER_HEADER = 'x-hutong-sandbox-user';

/** The headers of the page's request that the gateway would send too. */
const FORWARDED_HEADERS = [REQUEST_ID_HEADER, 'accept'];

export function registerSubgraphSandbox(
  app: FastifyInstance,
  options: SubgraphSandboxOptions,
): void {
  registerGraphiql(
    app,
    {
      title: `Hutong ${options.name} subgraph`,
      endpoint: SUBGRAPH_SANDBOX_ENDPOINT,
      operations: [
        {
          name: 'SubgraphSdl',
          body: `# The SDL the ${options.name} subgraph gives the composition.\nquery SubgraphSdl {\n  _service {\n    sdl\n  }\n}\n`,
          variables: {},
        },
      ],
      operationsNote: `The ${options.name} subgraph alone, as the gateway sees it: try _service or _entities.`,
      viewer: { kind: 'header', userId: DEMO_USER_ID, header: SANDBOX_VIEWER_HEADER },
    },
    options.log,
  );

  app.post(SUBGRAPH_SANDBOX_ENDPOINT, async (request, reply) => {
    const body = JSON.stringify(request.body ?? {});
    const user = request.headers[SANDBOX_VIEWER_HEADER];
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [CREDENTIAL_HEADER]: signCredential(options.gatewaySecret, {
        audience: options.name,
        caller: {
          userId: typeof user === 'string' && user.trim() !== '' ? user.trim() : null,
          appId: null,
          scopes: new Set(ALL_SCOPES),
        },
        requestId: randomUUID(),
        body,
      }),
    };
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // Back to this very server, by the address the request came in on: through
    // every hook and plugin /graphql has, as the gateway's request would go.
    const { localAddress, localPort } = request.socket;
    const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
    const answer = await fetch(`http://${host}:${localPort}${options.graphqlPath}`, {
      method: 'POST',
      headers,
      body,
    });
    return reply
      .code(answer.status)
      .type(answer.headers.get('content-type') ?? 'application/json')
      .send(await answer.text());
  });
}
