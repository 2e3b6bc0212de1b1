/**
 * The field-owner reader behind the sandbox's "Field owners" panel: who
 * defines each type and resolves each field, as the supergraph's join
 * directives say — on the committed supergraph and on a small composition
 * with every directive that changes the answer.
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readFieldOwners } from '../../gateway/sandbox/field-owners';
import type { FieldOwners, OwnedMember } from '../../lib/sandbox/settings';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { buildSupergraph } from '../../gateway/supergraph-features';

function member(owners: FieldOwners, coordinate: string): OwnedMember | undefined {
  const [typeName, memberName] = coordinate.split('.');
  return owners.types
    .find((type) => type.name === typeName)
    ?.members.find((candidate) => candidate.name === memberName);
}

describe('field owners', () => {
  describe('of the committed supergraph', () => {
    const owners = readFieldOwners(buildSupergraph(fs.readFileSync(SUPERGRAPH_FILE, 'utf8')));

    it('names the five subgraphs', () => {
      expect(owners.subgraphs).toEqual(['commerce', 'food', 'maps', 'payments', 'social']);
    });

    it("tells which subgraph resolves each of the home query's boundary fields", () => {
      expect(member(owners, 'Query.trendingTopics')?.subgraphs).toEqual(['social']);
      expect(member(owners, 'Query.nearbyStores')?.subgraphs).toEqual(['maps']);
      expect(member(owners, 'Query.me')?.subgraphs).toEqual(['payments']);
      expect(member(owners, 'Store.name')?.subgraphs).toEqual(['maps']);
      expect(member(owners, 'Store.delivery')).toMatchObject({
        subgraphs: ['food'],
        requires: [{ subgraph: 'food', fields: 'location { lat lng }' }],
      });
      expect(member(owners, 'Store.products')?.subgraphs).toEqual(['commerce']);
      expect(member(owners, 'Store.memberOffer')).toMatchObject({
        type: 'MemberOffer',
        subgraphs: ['payments'],
        requires: [{ subgraph: 'payments', fields: 'merchant { id }' }],
      });
    });

    it('lists every subgraph that contributes to an entity, with its key', () => {
      const store = owners.types.find((type) => type.name === 'Store')!;
      expect(store.kind).toBe('OBJECT');
      expect(store.subgraphs.map((definition) => definition.subgraph).sort()).toEqual([
        'commerce',
        'food',
        'maps',
        'payments',
        'social',
      ]);
      for (const definition of store.subgraphs) expect(definition.keys).toEqual(['id']);
      // The key is resolved everywhere the entity is.
      expect(member(owners, 'Store.id')?.subgraphs).toHaveLength(5);
    });

    it('tells a subgraph that only needs a field (@external) from those that resolve it', () => {
      expect(member(owners, 'Store.merchant')).toMatchObject({
        subgraphs: ['maps'],
        external: ['payments'],
      });
    });

    it('leaves out the join and link machinery', () => {
      expect(owners.types.map((type) => type.name)).not.toContainEqual(
        expect.stringMatching(/^(join|link)__/),
      );
      expect(owners.types.map((type) => type.name)).not.toContain('String');
    });
  });

  describe('of a composition with shared, external, required, overridden and hidden fields', () => {
    const federation =
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible", "@override", "@external", "@requires"])';
    const composition = composeServices([
      {
        name: 'warehouse',
        url: 'http://warehouse.test/graphql',
        typeDefs: parse(`${federation}
          type Query { product(id: ID!): Product  search: [SearchResult!]!  secret: String @inaccessible }
          type Product @key(fields: "id") { id: ID!  name: String! @shareable  weight: Int  stock: Int  color: Color }
          type Brand { name: String! }
          union SearchResult = Product | Brand
          enum Color { RED GREEN }`),
      },
      {
        name: 'shipping',
        url: 'http://shipping.test/graphql',
        typeDefs: parse(`${federation}
          type Product @key(fields: "id") {
            id: ID!
            name: String! @shareable
            weight: Int @external
            shippingCost: Int @requires(fields: "weight")
            stock: Int @override(from: "warehouse")
          }`),
      },
      {
        name: 'reviews',
        url: 'http://reviews.test/graphql',
        typeDefs: parse(`${federation}
          type Query { featured: [Product!]! }
          type Product @key(fields: "id", resolvable: false) { id: ID! }`),
      },
    ]);
    if (composition.errors) throw composition.errors[0];
    const owners = readFieldOwners(buildSupergraph(composition.supergraphSdl));

    it('reads each join directive into who resolves what', () => {
      expect(member(owners, 'Product.name')?.subgraphs).toEqual(['shipping', 'warehouse']);
      expect(member(owners, 'Product.weight')).toMatchObject({
        subgraphs: ['warehouse'],
        external: ['shipping'],
      });
      expect(member(owners, 'Product.shippingCost')).toMatchObject({
        subgraphs: ['shipping'],
        requires: [{ subgraph: 'shipping', fields: 'weight' }],
      });
      expect(member(owners, 'Product.stock')).toMatchObject({
        subgraphs: ['shipping'],
        overrides: [{ subgraph: 'shipping', from: 'warehouse' }],
      });
      expect(member(owners, 'Query.featured')?.subgraphs).toEqual(['reviews']);
    });

    it('marks a subgraph that refers to an entity without resolving it', () => {
      const product = owners.types.find((type) => type.name === 'Product')!;
      expect(product.subgraphs).toContainEqual({
        subgraph: 'reviews',
        keys: ['id'],
        resolvable: false,
      });
    });

    it('covers enum values and union members, and hides @inaccessible fields', () => {
      expect(member(owners, 'Color.RED')?.subgraphs).toEqual(['warehouse']);
      expect(member(owners, 'SearchResult.Brand')?.subgraphs).toEqual(['warehouse']);
      expect(member(owners, 'Query.secret')).toBeUndefined();
    });
  });
});
