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
