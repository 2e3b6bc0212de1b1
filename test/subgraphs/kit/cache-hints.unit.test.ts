/**
 * What a subgraph's answer tells the gateway when it was built from, or
 * changed, more entities than an answer lists (MAX_CACHE_TAGS): never an
 * answer the gateway may keep but cannot drop, never a change it cannot reach.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Kind, parse } from 'graphql';
import { CACHE_TAGS_EXTENSION, MAX_CACHE_TAGS } from '../../../lib/cache-tags';
import {
  CACHE_CONTROL_TYPE_DEFS,
  CacheTags,
  entitiesCacheHintPlugin,
  entityTypeNames,
} from '../../../subgraphs/kit/cache-hints';

const TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query {
    stores(count: Int!): [Store!]! @cacheControl(maxAge: 60)
  }
  type Mutation {
    renameStores(count: Int!): Boolean!
  }
  type Store @key(fields: "id") @cacheControl(maxAge: 60) {
    id: ID!
    name: String!
  }
`);

const storeIds = (count: number) => Array.from({ length: count }, (_, index) => `s${index}`);

const resolvers: GraphQLResolverMap<{ cacheTags: CacheTags }> = {
  Query: {
    stores: (_, { count }) => storeIds(count).map((id) => ({ id, name: id.toUpperCase() })),
  },
  Mutation: {
    renameStores: (_, { count }, { cacheTags }) => {
      for (const id of storeIds(count)) cacheTags.changed('Store', id);
      return true;
    },
  },
};

const schema = buildSubgraphSchema({
  typeDefs: {
    kind: Kind.DOCUMENT,
    definitions: [...CACHE_CONTROL_TYPE_DEFS.definitions, ...TYPE_DEFS.definitions],
  },
  resolvers: resolvers as GraphQLResolverMap<unknown>,
});

describe('cache tags past what an answer lists', () => {
  const server = new ApolloServer<{ cacheTags: CacheTags }>({
    schema,
    plugins: [
      entitiesCacheHintPlugin(() => schema, entityTypeNames(TYPE_DEFS)),
      ApolloServerPluginCacheControl(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const run = async (query: string) => {
    const response = await server.executeOperation(
      { query },
      { contextValue: { cacheTags: new CacheTags() } },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    expect(response.body.singleResult.errors).toBeUndefined();
    return {
      cacheControl: response.http.headers.get('cache-control'),
      tags: response.body.singleResult.extensions?.[CACHE_TAGS_EXTENSION] as string[] | undefined,
    };
  };

  it('lists every entity of a cacheable answer up to the cap', async () => {
    const { cacheControl, tags } = await run(`{ stores(count: ${MAX_CACHE_TAGS}) { name } }`);
    expect(cacheControl).toBe('max-age=60, public');
    expect(tags).toHaveLength(MAX_CACHE_TAGS);
  });

  it('sends an answer built from more entities than it lists as not cacheable', async () => {
    const { cacheControl, tags } = await run(`{ stores(count: ${MAX_CACHE_TAGS + 1}) { name } }`);
    expect(cacheControl).toBe('no-store');
    expect(tags).toBeUndefined();
  });

  it('lists what a mutation changed, or past the cap the types it changed', async () => {
    expect((await run('mutation { renameStores(count: 2) }')).tags).toEqual([
      'Store:s0',
      'Store:s1',
    ]);
    const many = await run(`mutation { renameStores(count: ${MAX_CACHE_TAGS + 1}) }`);
    expect(many.tags).toEqual(['Store:*']);
  });
});
