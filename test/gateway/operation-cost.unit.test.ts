/**
 * The cost limit's arithmetic, as Apollo Router's demand control counts it,
 * and the count of an answer's values, over a small supergraph whose fields
 * carry each kind of @cost and @listSize, and over the committed supergraph
 * for the operations clients ship.
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSupergraph } from '../../gateway/supergraph-features';
import { GraphQLError, parse } from 'graphql';
import { loadGatewayConfig } from '../../gateway/config';
import { readDemandControl } from '../../lib/demand-control';
import { CostCompiler, OperationCosts, type CostMeasure } from '../../gateway/plugins/limits';
import { OPERATIONS_DIR, SUPERGRAPH_FILE } from '../../schema/compose';
import { PRODUCTION_ENV } from '../support/production';

const SHELVES = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])
  type Query {
    shelves(first: Int = 5): [Shelf!] @listSize(assumedSize: 50, slicingArguments: ["first"])
    page(first: Int = 10): ShelfConnection
      @listSize(assumedSize: 100, slicingArguments: ["first"], sizedFields: ["edges"])
    search(text: String @cost(weight: 3)): [Shelf!] @listSize(assumedSize: 4) @cost(weight: 10)
    unsized: [Shelf!]
    legacy(first: Int): [Shelf!]
  }
  type Shelf @key(fields: "id") {
    id: ID!
    label: String
    books: [Book!]! @listSize(assumedSize: 3)
  }
  type Book {
    title: String @cost(weight: 2)
  }
  type ShelfConnection {
    edges: [ShelfEdge!]! @listSize(assumedSize: 100)
  }
  type ShelfEdge {
    node: Shelf!
  }
  type Mutation {
    shelve(id: ID!): Shelf
  }
`;

function supergraphOf(typeDefs: string): string {
  const result = composeServices([
    { name: 'shelves', url: 'http://shelves/graphql', typeDefs: parse(typeDefs) },
  ]);
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

function compilerOver(
  supergraph: string,
  assumedListSize = 20,
  measure: CostMeasure = 'demand',
): CostCompiler {
  const api = buildSupergraph(supergraph).apiSchema().toGraphQLJSSchema();
  return new CostCompiler(api, readDemandControl(parse(supergraph)), assumedListSize, measure);
}

describe('the cost of an operation', () => {
  const compiler = compilerOver(supergraphOf(SHELVES));
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    compiler.compile(parse(query), undefined).cost(variables);
  const refusal = (query: string, variables: Record<string, unknown> = {}) => {
    try {
      cost(query, variables);
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      return (error as GraphQLError).extensions;
    }
    throw new Error('the operation was not refused');
  };

  it.each([
    ['objects cost 1 and scalars 0', '{ shelves(first: 2) { id label } }', 2],
    [
      'a list multiplies its items and their selections',
      '{ shelves(first: 2) { books { title } } }',
      2 * (1 + 3 * (1 + 2)),
    ],
    ['a page size left out takes the default', '{ shelves { id } }', 5],
    ['a null page size takes the default', '{ shelves(first: null) { id } }', 5],
    [
      'a page larger than the field serves counts as its largest',
      '{ shelves(first: 100000) { id } }',
      50,
    ],
    [
      'a connection counts its page on its edges',
      '{ page(first: 10) { edges { node { id } } } }',
      1 + 10 * (1 + 1),
    ],
    [
      '@cost weighs a field per item, and its arguments once',
      '{ search(text: "x") { id } }',
      4 * 10 + 3,
    ],
    ['an unannotated list takes the configured assumed size', '{ unsized { id } }', 20],
    ['first sizes a list the schema says nothing about', '{ legacy(first: 3) { id } }', 3],
    ['a mutation starts at 10', 'mutation { shelve(id: "1") { id } }', 11],
    [
      'fragments count as their fields',
      '{ shelves(first: 2) { ...Books } } fragment Books on Shelf { books { title } }',
      20,
    ],
    [
      'a fragment spread again in the same selection set counts once, as it is collected',
      '{ shelves(first: 2) { ...Books ... on Shelf { ...Books } } } fragment Books on Shelf { books { title } }',
      20,
    ],
    ['__typename costs nothing', '{ __typename shelves(first: 1) { __typename } }', 1],
  ])('%s', (_, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it('counts fragments spread twice within each other in linear time, as they are collected', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Shelf { ...F${i + 1} ...F${i + 1} }`,
    );
    const query = `{ shelves(first: 1) { ...F0 } } ${fragments.join(' ')} fragment F40 on Shelf { books { title } }`;
    const started = performance.now();
    expect(cost(query)).toBe(1 + 3 * (1 + 2));
    // Counted once per spread, 2^40 expansions: hours of one core, the event loop's too.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('sizes a page from a variable, clamped, or the default without one', () => {
    const query = 'query ($n: Int) { shelves(first: $n) { id } }';
    expect(cost(query, { n: 7 })).toBe(7);
    expect(cost(query, { n: 7_000 })).toBe(50);
    expect(cost(query, {})).toBe(5);
    expect(cost(query, { n: null })).toBe(5);
    expect(cost('query ($n: Int = null) { shelves(first: $n) { id } }', {})).toBe(5);
  });

  it.each([
    ['zero', '{ shelves(first: 0) { id } }', {}],
    ['negative', '{ shelves(first: -100000) { id } }', {}],
    ['negative, from a variable', 'query ($n: Int) { shelves(first: $n) { id } }', { n: -1 }],
    [
      'negative, beside costly fields',
      '{ page(first: 100) { edges { node { books { title } } } } shelves(first: -1) { id } }',
      {},
    ],
    ['negative, on a list the schema says nothing about', '{ legacy(first: -5) { id } }', {}],
  ])('refuses a page size that is %s, naming the argument', (_, query, variables) => {
    expect(refusal(query, variables)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});

describe('the values an answer may hold', () => {
  const compiler = compilerOver(supergraphOf(SHELVES), 20, 'answerValues');
  const values = (query: string) => compiler.compile(parse(query), undefined).cost({});

  it.each([
    ['every field is one value, a scalar too', '{ shelves(first: 2) { id label } }', 2 * 3],
    [
      'each alias of __typename is one more value in every object',
      '{ shelves(first: 2) { a: __typename b: __typename c: __typename } }',
      2 * (1 + 3),
    ],
    [
      'lists multiply by the sizes the cost uses, and weights count for nothing',
      '{ search(text: "x") { books { title } } }',
      4 * (1 + 3 * (1 + 1)),
    ],
    ['a mutation starts at nothing', 'mutation { shelve(id: "1") { id } }', 2],
    [
      'a fragment spread again in the same selection set counts once',
      '{ shelves(first: 2) { ...Label ...Label } } fragment Label on Shelf { label }',
      2 * 2,
    ],
  ])('%s', (_, query, expected) => {
    expect(values(query)).toBe(expected);
  });
});

describe('operation costs over the served supergraph', () => {
  const limits = loadGatewayConfig(PRODUCTION_ENV).limits;
  const supergraph = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  const api = buildSupergraph(supergraph).apiSchema().toGraphQLJSSchema();

  it.each(fs.readdirSync(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql')))(
    'keeps the shipped operation %s well under the limit',
    (file) => {
      const body = fs.readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
      const costs = new OperationCosts(limits, () => [body]);
      costs.load(api, supergraph);
      const measured = (measure: CostMeasure) =>
        costs.costOf(api, parse(body), undefined, body, { lat: 30.2575, lng: 120.1655 }, measure);
      expect(measured('demand')).toBeGreaterThan(0);
      expect(measured('demand')).toBeLessThan(limits.maxCost / 10);
      expect(measured('answerValues')).toBeLessThan(limits.maxAnswerValues / 10);
    },
  );

  it('counts by the directives of the supergraph loaded last', () => {
    const query = '{ search(text: "x") { id } }';
    const costs = new OperationCosts(limits, () => [query]);
    const before = supergraphOf(SHELVES);
    const beforeApi = buildSupergraph(before).apiSchema().toGraphQLJSSchema();
    costs.load(beforeApi, before);
    expect(costs.costOf(beforeApi, parse(query), undefined, query, {})).toBe(43);

    const after = supergraphOf(SHELVES.replace('@cost(weight: 10)', '@cost(weight: 1000)'));
    const afterApi = buildSupergraph(after).apiSchema().toGraphQLJSSchema();
    costs.load(afterApi, after);
    expect(costs.costOf(afterApi, parse(query), undefined, query, {})).toBe(4003);
  });
});
