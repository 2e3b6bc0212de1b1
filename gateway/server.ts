/**
 * Builds the gateway — Apollo Server over @apollo/gateway inside Fastify — with
 * no side effects: nothing listens until `listen` is called, so tests build it
 * over subgraphs on port 0.
 */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import { applyTelemetryPolicy, type GatewayConfig, type SubgraphName } from '../lib/config';
import { createErrorMasker } from '../lib/errors';
import { createHttpApp, listen } from '../lib/http';
import type { Logger } from '../lib/logger';
import { createGatewayContext, type GatewayContext } from './context';
import { createSubgraphFetcher, HutongDataSource } from './datasource';
import { landingPage } from './landing';

export const GRAPHQL_PATH = '/graphql';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'env' | 'jwtSecret' | 'apolloTelemetry'>;
  supergraphSdl: string;
  /** Routing URLs that replace the supergraph's, by subgraph name. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  log: Logger;
}

export interface GatewayService {
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<GatewayService> {
  const { config, log } = options;
  applyTelemetryPolicy(config);
  const overrides: Partial<Record<string, string>> = options.subgraphUrls ?? {};
  const subgraphFetcher = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: log,
    buildService: ({ name, url }) =>
      new HutongDataSource({ url: overrides[name] ?? url, fetcher: subgraphFetcher.fetcher }),
  });

  const app = createHttpApp();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.env !== 'production',
    includeStacktraceInErrorResponses: false,
    // The process's own shutdown handler stops the server; two handlers would race.
    stopOnTerminationSignals: false,
    formatError: createErrorMasker(log),
    logger: log,
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
  await apollo.start();

  await app.register(fastifyApollo(apollo), {
    path: GRAPHQL_PATH,
    context: (request) => createGatewayContext(request, config.jwtSecret),
  });
  const page = landingPage(GRAPHQL_PATH);
  app.get('/', (_, reply) => reply.type('text/html; charset=utf-8').send(page));

  return {
    app,
    apollo,
    listen: (port, host = 'localhost') => listen(app, 'gateway', port, host),
    close: async () => {
      await app.close();
      await apollo.stop();
      await subgraphFetcher.close();
    },
  };
}
