import fs from 'node:fs';
import { listClientOperationFiles } from '../../lib/client-operations';
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
import {
  entityContributionErrors,
  entityReferenceErrors,
  entityReferences,
} from '../../schema/entity-ownership';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../lib/config';
import { buildSupergraph } from '../../gateway/supergraph-features';

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

  /** The composition errors of the committed subgraph SDLs with each `from` replaced by its `to`. */
  const compositionErrorOf = (edits: Partial<Record<SubgraphName, [from: string, to: string]>>) => {
    const overrides: Partial<Record<SubgraphName, string>> = {};
    for (const [name, [from, to]] of Object.entries(edits) as [SubgraphName, [string, string]][]) {
      const sdl = fs.readFileSync(subgraphSchemaFile(name), 'utf8');
      expect(sdl).toContain(from);
      overrides[name] = sdl.replace(from, to);
    }
    try {
      composeSchemas({}, overrides);
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
      const errors = compositionErrorOf({ [name]: [declaration + type, `${declaration + type}!`] });
      expect(errors).toEqual([expect.stringContaining(`${name}: ${field} is ${type}!, but`)]);
      expect(errors[0]).toContain(`owned by ${owner}: make it ${type},`);
    },
  );

  it.each([
    ['maps', 'Query.businessAreas', '  ): BusinessAreaConnection', 'BusinessAreaConnection'],
    [
      'commerce',
      'Query.favoriteTargets',
      'first: Int = 20): [FavoriteTarget!]',
      '[FavoriteTarget!]',
    ],
    ['payments', 'Mutation.paymentCreate', '): PaymentCreatePayload', 'PaymentCreatePayload'],
  ] as const)(
    'refuses a non-null root field of %s (%s), whose null would blank every subgraph’s fields',
    (name, field, declaration, type) => {
      const errors = compositionErrorOf({ [name]: [declaration, `${declaration}!`] });
      expect(errors).toEqual([
        expect.stringContaining(`${name}: ${field} is ${type}!: make it ${type},`),
      ]);
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

  it('finds every field whose entity another subgraph fills in', () => {
    const committed = SUBGRAPH_NAMES.map((name) => ({
      name,
      typeDefs: parse(fs.readFileSync(subgraphSchemaFile(name), 'utf8')),
    }));
    expect(
      entityReferences(committed).map((r) => `${r.subgraph}: ${r.coordinate} (${r.owner})`),
    ).toEqual([
      'maps: Store.merchant (payments)',
      'maps: Store.brand (commerce)',
      'food: FoodOrder.store (maps)',
      'commerce: Brand.merchant (payments)',
      'commerce: LightShop.store (maps)',
      'commerce: ShopOrder.store (maps)',
      'social: Topic.relatedStores (maps)',
      'social: Topic.relatedProducts (commerce)',
      'social: Post.author (payments)',
      'social: MiniProgramCard.sharedBy (payments)',
      'social: MiniProgramCard.recipient (payments)',
      'social: LifeAccount.merchant (payments)',
      'social: LifeAccount.owner (payments)',
      'social: UserFollowPayload.user (payments)',
    ]);
  });

  const nonNullReferences: {
    field: string;
    edits: Partial<Record<SubgraphName, [string, string]>>;
    error: string;
  }[] = [
    {
      field: 'Store.merchant',
      // payments declares the field @external, with the same type as maps.
      edits: {
        maps: ['merchant: Merchant\n', 'merchant: Merchant!\n'],
        payments: ['merchant: Merchant @external', 'merchant: Merchant! @external'],
      },
      error:
        'maps: Store.merchant is Merchant!, but payments fills in Merchant (name, nameEn, viewerIsOwner): ' +
        'make it Merchant, so that a Merchant payments cannot answer is null rather than the whole Store',
    },
    {
      field: 'FoodOrder.store',
      edits: { food: ['store: Store\n', 'store: Store!\n'] },
      error:
        'food: FoodOrder.store is Store!, but maps fills in Store (name, nameEn, category, ...)',
    },
    {
      field: 'LightShop.store',
      edits: { commerce: ['store: Store\n', 'store: Store!\n'] },
      error:
        'make it Store, so that a Store maps cannot answer is null rather than the whole LightShop',
    },
    {
      field: 'Post.author',
      edits: { social: ['author: User\n', 'author: User!\n'] },
      error: 'social: Post.author is User!, but payments fills in User (nickname): make it User,',
    },
    {
      field: 'Topic.relatedStores',
      edits: { social: ['relatedStores: [Store]', 'relatedStores: [Store!]'] },
      error:
        'social: Topic.relatedStores is [Store!], but maps fills in Store (name, nameEn, category, ...): ' +
        'make it [Store], so that a Store maps cannot answer is null rather than the whole list',
    },
    {
      field: 'Topic.relatedProducts',
      edits: { social: ['relatedProducts: [Product]', 'relatedProducts: [Product]!'] },
      error:
        'make it [Product], so that a Product commerce cannot answer is null rather than the whole Topic',
    },
  ];

  it.each(nonNullReferences)(
    "refuses a non-null reference to another subgraph's entity ($field)",
    ({ edits, error }) => {
      expect(compositionErrorOf(edits)).toEqual([expect.stringContaining(error)]);
    },
  );

  describe('a reference to an entity another subgraph fills in', () => {
    const parcels = parse(`
      type Parcel @key(fields: "id") { id: ID! weight: Int! note: String }
      type Sender @key(fields: "id") { id: ID! note: String }
      type Query { parcels: [Parcel!]! }`);
    /** The errors of a tracking subgraph that declares `parcel` (a Parcel type) and `query`. */
    const errorsOf = (parcel: string, query: string) =>
      entityReferenceErrors(
        [
          { name: 'parcels', typeDefs: parcels },
          {
            name: 'tracking',
            typeDefs: parse(`${parcel}
              type Sender @key(fields: "id", resolvable: false) { id: ID! }
              type Letter implements Tracked { id: ID! }
              union Shipment = Parcel | Letter
              interface Tracked { id: ID! }
              type Query { ${query} }`),
          },
        ],
        { Parcel: 'parcels' },
      ).map((e) => e.message);
    const parcel = 'type Parcel @key(fields: "id") { id: ID! position: String }';

    it('is found through a union and an interface', () => {
      expect(errorsOf(parcel, 'shipments: [Shipment!]')).toEqual([
        'tracking: Query.shipments is [Shipment!], but parcels fills in Parcel (weight): make it ' +
          '[Shipment], so that a Parcel parcels cannot answer is null rather than the whole list',
      ]);
      expect(errorsOf(parcel, 'tracked: [Tracked]!')).toEqual([]);
      expect(
        errorsOf(
          parcel.replace('Parcel @key', 'Parcel implements Tracked @key'),
          'tracked: [Tracked]!',
        ),
      ).toEqual([expect.stringContaining('tracking: Query.tracked is [Tracked]!, but parcels')]);
    });

    it('may stay non-null when nothing non-null would be missing', () => {
      // Every field the owner adds is nullable: it alone is null when the owner cannot answer.
      expect(errorsOf(parcel, 'sender: Sender!')).toEqual([]);
      // The one non-null field is the referencing subgraph's own: it comes in the same fetch.
      expect(
        errorsOf('type Parcel @key(fields: "id") { id: ID! weight: Int! }', 'parcel: Parcel!'),
      ).toEqual([]);
      expect(errorsOf(parcel, 'parcel: Parcel!')).toEqual([
        expect.stringContaining('tracking: Query.parcel is Parcel!'),
      ]);
    });
  });

  const operationFiles = listClientOperationFiles(OPERATIONS_DIR).map((f) => f.relativePath);

  it('has client operations to check', () => {
    expect(operationFiles).toContain('home/MiniProgramHome.graphql');
  });

  it.each(operationFiles)('validates %s against the supergraph', (file) => {
    const api = buildSupergraph(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'))
      .apiSchema()
      .toGraphQLJSSchema();
    const document = parse(fs.readFileSync(path.join(OPERATIONS_DIR, file), 'utf8'));
    expect(validate(api, document).map((e) => e.message)).toEqual([]);
  });
});
