/**
 * Schema tools load the schema from the gateway's URL in development: the
 * introspection queries graphql-js, Apollo Sandbox, Altair, Postman and
 * GraphQL Code Generator send are answered whatever the operation limits, a
 * hostile nested introspection is still refused, every limit says which it is
 * (never "Syntax Error"), depth counts fields and not the fragments around
 * them, and production answers no introspection at all.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionOptions,
  type IntrospectionQuery,
} from 'graphql';
import {
  postGraphQL,
  startGateway,
  startSubgraphs,
  stopSubgraphs,
  type RunningSubgraph,
} from '../support/harness';
import { PRODUCTION_ENV } from '../support/production';
import type { SubgraphName } from '../../lib/config';

/** What the tools ask: graphql-js's default, and the options each turns on. */
const TOOL_QUERIES: [string, IntrospectionOptions][] = [
  ['graphql-js, with descriptions', { descriptions: true }],
  ['GraphiQL and Apollo Sandbox', { descriptions: true, inputValueDeprecation: true }],
  [
    'Altair, Postman and GraphQL Code Generator, with every option',
    {
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    },
  ],
];

/** Lists of types within lists of types: graphql-js's MaxIntrospectionDepthRule refuses this. */
const NESTED_INTROSPECTION = `{ __schema { types { fields { type { fields { type { fields {
  type { fields { name } } } } } } } } } }`;

/**
 * Eleven levels of fields, one over the depth limit: a user, their feed's posts' authors (each
 * feed's edges and nodes two levels more) twice over, and the last author's social account kind.
 * The inline fragments around each author add none.
 */
const ELEVEN_DEEP = `{ me { ${'feed(first: 1) { edges { node { ... on Post { author { '.repeat(2)}
  socialAccount { kind } ${'} } } } } '.repeat(2)} } }`;

/** Five levels of fields in three named fragments, each within the last: within the limit. */
const FIVE_DEEP_IN_FRAGMENTS = `{ nearbyStores(near: { lat: 30.25, lng: 120.16 }) { edges { ...Row } } }
  fragment Row on StoreEdge { node { ...Card } }
  fragment Card on Store { id menu { ...Item } }
  fragment Item on MenuItem { id name }`;

describe('introspection', () => {
  let subgraphs: Record<SubgraphName, RunningSubgraph>;
  const closers: (() => Promise<void>)[] = [];
  let developmentUrl: string;
  const gatewayWith = async (env: Record<string, string>) => {
    const gateway = await startGateway(subgraphs, { gatewayEnv: env });
    closers.push(gateway.close);
    return gateway.gatewayUrl;
  };

  beforeAll(async () => {
    subgraphs = await startSubgraphs();
    developmentUrl = await gatewayWith({ NODE_ENV: 'development' });
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await stopSubgraphs(subgraphs);
  });

  describe('in development', () => {
    it.each(TOOL_QUERIES)('loads the schema as %s ask for it', async (_tool, options) => {
      const { status, body } = await postGraphQL<IntrospectionQuery>(
        developmentUrl,
        getIntrospectionQuery(options),
      );
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
      const schema = buildClientSchema(body.data!);
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining(['nearbyStores', 'trendingTopics', 'me']),
      );
      expect(schema.getType('Store')).toBeDefined();
    });

    it('still counts the data an operation asks for beside its introspection', async () => {
      const { status, body } = await postGraphQL(
        developmentUrl,
        ELEVEN_DEEP.replace('{', '{ __schema { queryType { name } } '),
      );
      expect(status).toBe(400);
      expect(body.errors![0]!.message).toBe('Query depth limit of 10 exceeded, found 11.');
    });

    it('refuses an introspection that nests lists of types, naming the rule', async () => {
      const { status, body } = await postGraphQL(developmentUrl, NESTED_INTROSPECTION);
      expect(status).toBe(400);
      expect(body.errors![0]).toMatchObject({
        message: 'Maximum introspection depth exceeded',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    });

    it('is answered by a subgraph too', async () => {
      const { body } = await postGraphQL<IntrospectionQuery>(
        subgraphs.maps.url,
        getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
      );
      expect(body.errors).toBeUndefined();
      expect(buildClientSchema(body.data!).getType('Store')).toBeDefined();
    });
  });

  describe('each limit', () => {
    it.each([
      ['depth', ELEVEN_DEEP, 'Query depth limit of 10 exceeded, found 11.'],
      [
        'aliases',
        `{ trendingTopics(first: 1) { ${Array.from({ length: 31 }, (_, i) => `t${i}: title`).join(' ')} } }`,
        'Aliases limit of 30 exceeded, found 31.',
      ],
      [
        'directives',
        `{ trendingTopics(first: 1) { ${'title @include(if: true) '.repeat(21)} } }`,
        'Directives limit of 20 exceeded, found 21.',
      ],
      [
        'tokens',
        `{ trendingTopics(first: 1) { ${'title '.repeat(2000)} } }`,
        'Token limit of 2000 exceeded.',
      ],
      [
        'directives, each spread of a fragment with its own',
        `{ trendingTopics(first: 1) { ${'...Title @include(if: true) '.repeat(21)} } }
          fragment Title on Topic { title }`,
        'Directives limit of 20 exceeded, found 21.',
      ],
      [
        'aliases, of __typename too',
        `{ trendingTopics(first: 1) { ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ')} } }`,
        'Aliases limit of 30 exceeded, found 31.',
      ],
    ])('names itself when exceeded: %s', async (_limit, query, message) => {
      const { status, body } = await postGraphQL(developmentUrl, query);
      expect(status).toBe(400);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.message).toBe(message);
      expect(body.errors![0]!.message).not.toMatch(/syntax/i);
      expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(
        body.errors![0]!.extensions!.code,
      );
    });
  });

  it('counts the depth of fields, not of the fragments they are written in', async () => {
    const { status, body } = await postGraphQL(developmentUrl, FIVE_DEEP_IN_FRAGMENTS);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.nearbyStores.edges[0].node.menu).toBeDefined();
  });

  it('is refused in production', async () => {
    const productionUrl = await gatewayWith({ ...PRODUCTION_ENV, HUTONG_PERSISTED_ONLY: 'false' });
    const { status, body } = await postGraphQL(
      productionUrl,
      getIntrospectionQuery({ descriptions: true }),
    );
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]).toMatchObject({
      message: expect.stringContaining('introspection is not allowed'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});
