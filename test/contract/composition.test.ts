import fs from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import {
  composeSchemas,
  CompositionError,
  expectedFiles,
  OPERATIONS_DIR,
  subgraphSchemaFile,
  SUPERGRAPH_FILE,
} from '../../schema/compose';
import { entityContributionErrors } from '../../schema/entity-ownership';
import { buildSupergraph } from '../../schema/supergraph-features';

describe('the composed graph', () => {
  it('matches the files committed under schema/ (run npm run compose when this fails)', () => {
    for (const [file, content] of expectedFiles()) {
      expect({ file: path.basename(file), content: fs.readFileSync(file, 'utf8') }).toEqual({
        file: path.basename(file),
        content,
      });
    }
  });

  it('routes each subgraph to its default local port', () => {
    const supergraph = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
    expect(supergraph).toContain('url: "http://localhost:4001/graphql"');
    expect(supergraph).toContain('url: "http://localhost:4005/graphql"');
  });

  it('reports a subgraph change that cannot compose', () => {
    const brokenMaps = `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Store @key(fields: "id") { id: ID! name: Int! }
      type Query { store(id: ID!): Store }`;
    expect(() => composeSchemas({}, { maps: brokenMaps })).toThrow(CompositionError);
  });

  /** The composition error of a committed subgraph SDL with `from` replaced by `to`. */
  const compositionErrorOf = (name: 'food' | 'social' | 'commerce', from: string, to: string) => {
    const sdl = fs.readFileSync(subgraphSchemaFile(name), 'utf8');
    expect(sdl).toContain(from);
    try {
      composeSchemas({}, { [name]: sdl.replace(from, to) });
    } catch (error) {
      expect(error).toBeInstanceOf(CompositionError);
      return (error as CompositionError).errors.map((e) => e.message);
    }
    throw new Error('it composed');
  };

  it.each([
    ['social', 'Store.mentions', 'maps', 'mentions(first: Int = 5): ', '[Post!]'],
    ['food', 'Store.menu', 'maps', 'menu: ', '[MenuItem!]'],
    ['food', 'Store.acceptsOrdersNow', 'maps', 'acceptsOrdersNow: ', 'Boolean'],
    ['commerce', 'User.favorites', 'payments', 'favorites: ', '[Favorite!]'],
  ] as const)(
    'refuses a non-null field %s adds to an entity it does not own (%s)',
    (name, field, owner, declaration, type) => {
      const errors = compositionErrorOf(name, declaration + type, `${declaration + type}!`);
      expect(errors).toEqual([expect.stringContaining(`${name}: ${field} is ${type}!, but`)]);
      expect(errors[0]).toContain(`owned by ${owner}: make it ${type},`);
    },
  );

  it('asks for the owner of an entity several subgraphs add fields to', () => {
    const sdl = (fields: string) => parse(`type Parcel @key(fields: "id") { id: ID! ${fields} }`);
    expect(
      entityContributionErrors([
        { name: 'food', typeDefs: sdl('weight: Int!') },
        { name: 'commerce', typeDefs: sdl('contents: [String!]') },
      ]).map((e) => e.message),
    ).toEqual([
      expect.stringContaining('Parcel gets fields from food, commerce: name the subgraph'),
    ]);
    // An entity only one subgraph adds fields to is that subgraph's.
    expect(
      entityContributionErrors([
        { name: 'food', typeDefs: sdl('weight: Int!') },
        { name: 'commerce', typeDefs: sdl('') },
      ]),
    ).toEqual([]);
  });

  it('refuses a private field or a mutation that asks for no user, naming each and why', () => {
    const committedMaps = fs.readFileSync(subgraphSchemaFile('maps'), 'utf8');
    const unguardedMaps = committedMaps
      .replace('@requiresScopes(scopes: [["location"]])', '')
      .replace(
        '  name: String!\n',
        '  name: String!\n  visitedToday: Boolean @cacheControl(scope: PRIVATE)\n',
      );
    expect(unguardedMaps).not.toBe(committedMaps);
    let refusal: unknown;
    try {
      composeSchemas({}, { maps: unguardedMaps });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CompositionError);
    expect((refusal as CompositionError).errors.map((error) => error.message)).toEqual([
      'maps: Mutation.storeArrive is a mutation, but carries neither @authenticated nor @requiresScopes',
      'maps: Store.visitedToday is cached PRIVATE, but carries neither @authenticated nor @requiresScopes',
    ]);
  });

  const operationFiles = fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'));

  it('has client operations to check', () => {
    expect(operationFiles).toContain('MiniProgramHome.graphql');
  });

  it.each(operationFiles)('validates %s against the supergraph', (file) => {
    const api = buildSupergraph(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'))
      .apiSchema()
      .toGraphQLJSSchema();
    const document = parse(fs.readFileSync(path.join(OPERATIONS_DIR, file), 'utf8'));
    expect(validate(api, document).map((e) => e.message)).toEqual([]);
  });
});
