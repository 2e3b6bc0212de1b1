/**
 * What every gateway feature is: a name, the settings it owns, and `use`, which
 * turns the loaded configuration into the places it hooks into a request.
 * `createGateway` (gateway/server.ts) walks the ordered list of gateway/features/index.ts
 * and wires each hook where its framework expects it.
 */
import type { ApolloGateway, SupergraphManager } from '@apollo/gateway';
import type {
  ApolloServerOptions,
  ApolloServerOptionsWithGateway,
  ApolloServerPlugin,
  BaseContext,
} from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { AnySetting } from '../../lib/settings';
import type { AppRegistry } from '../apps';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import type { ManifestSource } from '../manifest';
import type { GatewayObservability } from '../observability';
import type { Callers } from '../plugins/callers';
import type { SharedState } from '../shared-state';

/** What a feature may use besides the configuration: the gateway's parts, built before it. */
export interface FeatureDeps {
  sharedState: SharedState;
  observability: GatewayObservability;
  /** The persisted-operation manifest in use, which a reload replaces. */
  manifest: ManifestSource;
  apps: () => AppRegistry;
  /** Who each GraphQL request speaks for, once the callers feature's hook has run. */
  callers: Callers;
  requestIdOf(request: FastifyRequest): string;
}

/** A schema the gateway now serves (on start and on every reload). */
export interface ServedSchema {
  apiSchema: GraphQLSchema;
  coreSupergraphSdl: string;
}

/** Where a feature hooks in; each is optional, and applied in the order of the list. */
export interface FeatureHooks {
  /** Registered on the whole HTTP app, before the GraphQL route (Fastify plugins such as CORS). */
  http?: (app: FastifyInstance) => Promise<void>;
  /** A Fastify preHandler of the GraphQL route: runs once the body is read, before Apollo. */
  preHandler?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Options of graphql-js's parser (the token cap); merged in list order. */
  parseOptions?: ParseOptions;
  validationRules?: ValidationRule[];
  /** Apollo Server options the feature decides (introspection, APQ...). */
  apolloOptions?: Pick<
    ApolloServerOptions<GatewayContext>,
    'introspection' | 'hideSchemaDetailsFromClientErrors' | 'persistedQueries'
  >;
  apolloPlugins?: ApolloServerPlugin<GatewayContext>[];
  /** Rewrites the supergraph before @apollo/gateway reads it. */
  supergraph?: (source: string | SupergraphManager) => string | SupergraphManager;
  /** What Apollo Server executes through instead of the gateway itself (one feature at most). */
  gateway?: (gateway: ApolloGateway) => ApolloServerOptionsWithGateway<BaseContext>['gateway'];
  /** Told of every schema the gateway serves. */
  onSchemaLoad?: (schema: ServedSchema) => void;
}

export interface GatewayFeature {
  readonly name: string;
  /** What it protects or does, in one line (the reference's feature list). */
  readonly doc: string;
  /** The settings it owns; gateway/config.ts reads them, the reference documents them. */
  readonly settings: readonly AnySetting[];
  use(config: GatewayConfig, deps: FeatureDeps): FeatureHooks;
}
