/**
 * The baseline of `npm run bench`: @apollo/server's standalone server over
 * @apollo/gateway with their documented defaults (default fetcher, no
 * caches, one process). The only additions are what any gateway needs to
 * reach Hutong's subgraphs: their credential, the viewer from the token and
 * a supergraph it agrees to load.
 * Apollo's telemetry is off, as it is for Hutong, so that nothing leaves the
 * machine.
 */
import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import jwt from 'jsonwebtoken';
import { CREDENTIAL_HEADER, signCredential } from '../../lib/credential';
import { ALL_SCOPES } from '../../lib/identity';
import { withEnforcedSecurityFeatures } from '../../gateway/authorization';

interface Context {
  viewerId: string | null;
}

async function main(): Promise<void> {
  const [supergraphPath, port, tokenPublicKey, gatewaySecret, urls] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const routes = JSON.parse(urls) as Record<string, string>;
  const gateway = new ApolloGateway({
    // Plain @apollo/gateway refuses the authorization links' `for: SECURITY`; the subgraphs
    // still enforce the directives, so the baseline answers signed-in requests as Hutong does.
    supergraphSdl: withEnforcedSecurityFeatures(fs.readFileSync(supergraphPath, 'utf8')),
    buildService: ({ name, url }) =>
      new (class extends RemoteGraphQLDataSource<Context> {
        override willSendRequest({
          request,
          context,
        }: Parameters<RemoteGraphQLDataSource<Context>['willSendRequest'] & {}>[0]) {
          // What Hutong's subgraphs require: a credential per fetch, over the body sent.
          const { http: _http, ...sent } = request;
          request.http?.headers.set(
            CREDENTIAL_HEADER,
            signCredential(gatewaySecret, {
              audience: name,
              caller: {
                userId: context?.viewerId ?? null,
                appId: null,
                scopes: new Set(ALL_SCOPES),
              },
              requestId: crypto.randomUUID(),
              body: JSON.stringify(sent),
            }),
          );
        }
      })({ url: routes[name] ?? url }),
  });
  const server = new ApolloServer<Context>({ gateway });
  await startStandaloneServer(server, {
    listen: { port: Number(port), host: '127.0.0.1' },
    context: async ({ req }) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (!token) return { viewerId: null };
      const claims = jwt.verify(token, tokenPublicKey, {
        algorithms: ['ES256'],
      }) as jwt.JwtPayload;
      return { viewerId: typeof claims.sub === 'string' ? claims.sub : null };
    },
  });
  console.log('ready');
}

void main();
