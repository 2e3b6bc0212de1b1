/**
 * How a subgraph serves the page sizes of its schema (lib/demand-control.ts
 * `servePageSizes`), as the gateway counts them: clamped to the largest page,
 * refused below 1, and a null one served as the argument's default.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { servePageSizes } from '../../lib/demand-control';

const TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@listSize"])
  type Query {
    topics(first: Int = 10): [Int!] @listSize(assumedSize: 50, slicingArguments: ["first"])
    unsized(first: Int): [Int!] @listSize(assumedSize: 50, slicingArguments: ["first"])
  }
`);

/** Each field answers the page size its resolver was handed: -1 when none was, -2 for null. */
const handed = (_: unknown, args: { first?: number | null }) => [
  args.first === undefined ? -1 : (args.first ?? -2),
];
const schema = servePageSizes(
  buildSubgraphSchema({
    typeDefs: TYPE_DEFS,
    resolvers: { Query: { topics: handed, unsized: handed } },
  }),
  TYPE_DEFS,
);

async function served(query: string, variableValues: Record<string, unknown> = {}) {
  const result = await execute({ schema, document: parse(query), variableValues });
  return { data: result.data as Record<string, number[]> | undefined, errors: result.errors };
}

describe('the page sizes a subgraph serves', () => {
  it.each([
    ['given', '{ topics(first: 3) }', {}, 3],
    ['left out: the default', '{ topics }', {}, 10],
    ['larger than the largest page: the largest', '{ topics(first: 1000) }', {}, 50],
    ['null: the default', '{ topics(first: null) }', {}, 10],
    ['null from a variable: the default', 'query ($n: Int) { topics(first: $n) }', { n: null }, 10],
    [
      "null as a variable's default: the default",
      'query ($n: Int = null) { topics(first: $n) }',
      {},
      10,
    ],
  ])('serves a page size %s', async (_, query, variables, expected) => {
    expect(await served(query, variables)).toEqual({
      data: { topics: [expected] },
      errors: undefined,
    });
  });

  it('serves a null page size without a default as if it were left out', async () => {
    expect((await served('{ unsized(first: null) }')).data).toEqual({ unsized: [-1] });
  });

  it('refuses a page size below 1, naming the argument', async () => {
    const { errors } = await served('{ topics(first: 0) }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});
