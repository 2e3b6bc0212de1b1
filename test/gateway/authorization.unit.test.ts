/**
 * The gateway's authorization before planning, on the committed supergraph:
 * what a caller may not see leaves the operation, and the answer gets a null
 * and an error in its place, where GraphQL would put them had the field failed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, print, type GraphQLSchema } from 'graphql';
import {
  SupergraphAuthorization,
  withEnforcedSecurityFeatures,
  withRemovedFields,
  type AuthorizedOperation,
} from '../../gateway/authorization';
import { allOf, denialOf } from '../../lib/authorization';
import { ALL_SCOPES, ANONYMOUS, type Caller, type Scope } from '../../lib/identity';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { buildSupergraph } from '../../gateway/supergraph-features';
import { Supergraph } from '@apollo/federation-internals';

function signedIn(options: { without?: Scope[]; userId?: string } = {}): Caller {
  return {
    userId: options.userId ?? 'demo',
    appId: 'mini-program-1',
    scopes: new Set(ALL_SCOPES.filter((scope) => !options.without?.includes(scope))),
  };
}

function authorizationOf(supergraphSdl: string) {
  return {
    authorization: SupergraphAuthorization.read(supergraphSdl),
    schema: buildSupergraph(supergraphSdl).apiSchema().toGraphQLJSSchema(),
  };
}

function filterFor(authorization: SupergraphAuthorization, schema: GraphQLSchema) {
  const authorize = (query: string, caller: Caller, operationName: string | null = null) =>
    authorization.authorize(parse(query), schema, operationName, caller);
  const answer = (
    authorized: AuthorizedOperation,
    data: Record<string, unknown>,
    variables: Record<string, unknown> = {},
  ) => {
    const result = withRemovedFields({ data }, authorized, variables);
    return {
      data: result.data,
      errors: result.errors?.map((error) => ({
        message: error.message,
        path: error.path,
        code: error.extensions.code,
      })),
    };
  };
  return { authorize, answer };
}

const printed = (query: string) => print(parse(query));

describe('authorization before planning, on the committed supergraph', () => {
  const { authorization, schema } = authorizationOf(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'));
  const { authorize, answer } = filterFor(authorization, schema);

  it('leaves an operation that selects nothing protected as it is', () => {
    const document = parse('{ trendingTopics(first: 3) { id title relatedStores { id name } } }');
    const authorized = authorization.authorize(document, schema, null, ANONYMOUS);
    expect(authorized.document).toBe(document);
    expect(authorized.removed).toEqual([]);
  });

  it('leaves the home query as it is for a caller holding every scope', () => {
    const document = parse(
      fs.readFileSync(`${__dirname}/../../schema/operations/home/MiniProgramHome.graphql`, 'utf8'),
    );
    expect(authorization.authorize(document, schema, 'MiniProgramHome', signedIn()).document).toBe(
      document,
    );
  });

  it('answers an anonymous me with null and UNAUTHENTICATED, and the rest as asked', () => {
    const authorized = authorize('{ me { id } trendingTopics(first: 1) { id } }', ANONYMOUS);
    expect(print(authorized.document)).toBe(printed('{ trendingTopics(first: 1) { id } }'));
    expect(answer(authorized, { trendingTopics: [{ id: 'topic-1' }] })).toEqual({
      data: { trendingTopics: [{ id: 'topic-1' }], me: null },
      errors: [
        { message: 'Query.me requires a signed-in user', path: ['me'], code: 'UNAUTHENTICATED' },
      ],
    });
  });

  it('takes from a caller without a scope only the field it guards, with FORBIDDEN there', () => {
    const authorized = authorize(
      '{ me { id nickname wallet { balance } membership { tier } } }',
      signedIn({ without: ['balance'] }),
    );
    expect(print(authorized.document)).toBe(printed('{ me { id nickname membership { tier } } }'));
    const me = { id: 'demo', nickname: 'Xiaoming', membership: { tier: 'GOLD' } };
    expect(answer(authorized, { me })).toEqual({
      data: { me: { ...me, wallet: null } },
      errors: [
        {
          message: 'User.wallet requires the scope balance',
          path: ['me', 'wallet'],
          code: 'FORBIDDEN',
        },
      ],
    });
  });

  it('removes inside named and inline fragments, at every element of a list', () => {
    const authorized = authorize(
      `query Home {
        me { ...Me }
        nearbyStores(near: { lat: 30.25, lng: 120.16 }) {
          edges { node { id ... on Store { memberOffer { discountPercent } } } }
        }
      }
      fragment Me on User { id membership { tier } }`,
      signedIn({ without: ['membership'] }),
      'Home',
    );
    expect(print(authorized.document)).toBe(
      printed(`query Home {
        me { ...Me }
        nearbyStores(near: { lat: 30.25, lng: 120.16 }) { edges { node { id } } }
      }
      fragment Me on User { id }`),
    );
    const answered = answer(authorized, {
      me: { id: 'demo' },
      nearbyStores: { edges: [{ node: { id: 'store-a' } }, { node: { id: 'store-b' } }] },
    });
    expect(answered.data).toEqual({
      me: { id: 'demo', membership: null },
      nearbyStores: {
        edges: [
          { node: { id: 'store-a', memberOffer: null } },
          { node: { id: 'store-b', memberOffer: null } },
        ],
      },
    });
    expect(answered.errors).toEqual([
      {
        message: 'User.membership requires the scope membership',
        path: ['me', 'membership'],
        code: 'FORBIDDEN',
      },
      {
        message: 'Store.memberOffer requires the scope membership',
        path: ['nearbyStores', 'edges', 0, 'node', 'memberOffer'],
        code: 'FORBIDDEN',
      },
      {
        message: 'Store.memberOffer requires the scope membership',
        path: ['nearbyStores', 'edges', 1, 'node', 'memberOffer'],
        code: 'FORBIDDEN',
      },
    ]);
  });

  it('keeps a field the caller may see whose every child is removed, with each child null', () => {
    const authorized = authorize(
      '{ me { wallet { balance } } }',
      signedIn({ without: ['balance'] }),
    );
    expect(printed(print(authorized.document))).toBe(
      printed('{ me { hutong__authorizationTypename: __typename } }'),
    );
    expect(answer(authorized, { me: { hutong__authorizationTypename: 'User' } })).toEqual({
      data: { me: { wallet: null } },
      errors: [
        {
          message: 'User.wallet requires the scope balance',
          path: ['me', 'wallet'],
          code: 'FORBIDDEN',
        },
      ],
    });
  });

  it('runs nothing when no root field is left', () => {
    const authorized = authorize('{ me { id } }', ANONYMOUS);
    expect(authorized.executable).toBe(false);
    expect(answer(authorized, {})).toEqual({
      data: { me: null },
      errors: [
        { message: 'Query.me requires a signed-in user', path: ['me'], code: 'UNAUTHENTICATED' },
      ],
    });
  });

  it('answers a removed field with null where it stands when it is nullable', () => {
    // LifeAccount.owner is a User, and only signed-in callers see users.
    const authorized = authorize(
      '{ lifeAccount(id: "la-kfc") { name owner { nickname } } }',
      ANONYMOUS,
    );
    expect(answer(authorized, { lifeAccount: { name: 'KFC' } })).toEqual({
      data: { lifeAccount: { name: 'KFC', owner: null } },
      errors: [
        {
          message: 'LifeAccount.owner requires a signed-in user',
          path: ['lifeAccount', 'owner'],
          code: 'UNAUTHENTICATED',
        },
      ],
    });
  });

  it('puts a null and an error at every element of the lists a removed field is under', () => {
    // Post.author is a User: each post keeps everything but its author.
    const authorized = authorize(
      `{ trendingTopics(first: 3) {
          id relatedStores { id mentions(first: 2) { text author { id } } }
      } }`,
      ANONYMOUS,
    );
    const post = { text: 'good' };
    const answered = answer(authorized, {
      trendingTopics: [
        { id: 't1', relatedStores: [{ id: 's1', mentions: [post, post] }] },
        { id: 't2', relatedStores: [] },
        {
          id: 't3',
          relatedStores: [
            { id: 's2', mentions: [] },
            { id: 's3', mentions: [post] },
          ],
        },
      ],
    });
    const anonymousPost = { text: 'good', author: null };
    expect(answered.data).toEqual({
      trendingTopics: [
        { id: 't1', relatedStores: [{ id: 's1', mentions: [anonymousPost, anonymousPost] }] },
        { id: 't2', relatedStores: [] },
        {
          id: 't3',
          relatedStores: [
            { id: 's2', mentions: [] },
            { id: 's3', mentions: [anonymousPost] },
          ],
        },
      ],
    });
    expect(answered.errors?.map((error) => error.path)).toEqual([
      ['trendingTopics', 0, 'relatedStores', 0, 'mentions', 0, 'author'],
      ['trendingTopics', 0, 'relatedStores', 0, 'mentions', 1, 'author'],
      ['trendingTopics', 2, 'relatedStores', 1, 'mentions', 0, 'author'],
    ]);
  });

  it('never sends a mutation the caller may not make, and keeps the others', () => {
    const alone = authorize(
      'mutation { storeArrive(input: { storeId: "s", at: { lat: 30.2568, lng: 120.1662 }, idempotencyKey: "key-00001" }) { newlyIssued } }',
      ANONYMOUS,
    );
    expect(alone.executable).toBe(false);
    // Root fields are nullable: the mutation's own field is null, as when it fails.
    expect(answer(alone, {})).toEqual({
      data: { storeArrive: null },
      errors: [
        {
          message: 'Mutation.storeArrive requires a signed-in user',
          path: ['storeArrive'],
          code: 'UNAUTHENTICATED',
        },
      ],
    });

    const mixed = authorize(
      `mutation {
        storeArrive(input: { storeId: "s", at: { lat: 30.2568, lng: 120.1662 }, idempotencyKey: "key-00001" }) { newlyIssued }
        favoriteAdd(input: { kind: SHOP, targetId: "t", deviceId: "d" }) { userErrors { code } }
      }`,
      signedIn({ without: ['location'] }),
    );
    expect(print(mixed.document)).toBe(
      printed(
        'mutation { favoriteAdd(input: { kind: SHOP, targetId: "t", deviceId: "d" }) { userErrors { code } } }',
      ),
    );
    expect(mixed.removed.map((removed) => removed.message)).toEqual([
      'Mutation.storeArrive requires the scope location',
    ]);
  });

  it('names every alternative scope, and what each still lacks', () => {
    expect(
      authorize('{ foodOrder(id: "fo-1") { id } }', signedIn({ without: ['orders', 'merchant'] }))
        .removed[0]?.message,
    ).toBe('Query.foodOrder requires the scope orders or merchant');
    // FoodOrder asks for orders or merchant, its payment for payments as well.
    expect(
      authorize(
        '{ foodOrder(id: "fo-1") { id payment { id } } }',
        signedIn({ without: ['merchant', 'payments'] }),
      ).removed[0]?.message,
    ).toBe('FoodOrder.payment requires the scope payments');
    const both = allOf(
      { signedIn: true, anyOf: [['orders'], ['merchant']] },
      { signedIn: true, anyOf: [['payments']] },
    );
    expect(denialOf(both, signedIn({ without: ['orders', 'merchant', 'payments'] }))).toEqual({
      code: 'FORBIDDEN',
      reason: 'requires the scopes orders and payments or merchant and payments',
    });
  });

  it('reports nothing for a removed field that @include or @skip leaves out', () => {
    const authorized = authorize(
      'query ($withMe: Boolean!) { me @include(if: $withMe) { id } trendingTopics(first: 1) { id } }',
      ANONYMOUS,
    );
    const data = { trendingTopics: [{ id: 't1' }] };
    expect(answer(authorized, { ...data }, { withMe: false })).toEqual({ data });
    expect(answer(authorized, { ...data }, { withMe: true }).errors).toHaveLength(1);
  });

  it('reads a condition the request leaves to its variable’s default as execution does', () => {
    const data = { trendingTopics: [{ id: 't1' }] };
    for (const [directive, meAsked] of [
      ['@include', true],
      ['@skip', false],
    ] as const) {
      const authorized = authorize(
        `query ($x: Boolean = true) { me ${directive}(if: $x) { id } trendingTopics(first: 1) { id } }`,
        ANONYMOUS,
      );
      expect(answer(authorized, { ...data }).errors ?? []).toHaveLength(meAsked ? 1 : 0);
      // A value given wins over the default.
      expect(answer(authorized, { ...data }, { x: false }).errors ?? []).toHaveLength(
        meAsked ? 0 : 1,
      );
    }
  });

  it('gives a filtered operation a hash of its own, and filters a document once per class of caller', () => {
    const document = parse('{ me { id } trendingTopics(first: 1) { id } }');
    const forLin = authorization.authorize(
      document,
      schema,
      null,
      signedIn({ userId: 'u-lin', without: ['profile'] }),
    );
    const forChen = authorization.authorize(
      document,
      schema,
      null,
      signedIn({ userId: 'u-chen', without: ['profile'] }),
    );
    expect(forChen).toBe(forLin);
    expect(forLin.queryHash).toBe(
      createHash('sha256').update(print(forLin.document)).digest('hex'),
    );
    expect(authorization.authorize(document, schema, null, ANONYMOUS).document).not.toBe(document);
    expect(authorization.authorize(document, schema, null, signedIn()).document).toBe(document);
  });
});

describe('authorization of fields selected on some of an interface’s types', () => {
  const composed = composeServices([
    {
      name: 'wallet',
      url: 'http://localhost:4999/graphql',
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@requiresScopes"])
        type Query { items: [Item!]! }
        interface Item { id: ID! }
        type Note implements Item { id: ID! text: String! }
        type Receipt implements Item { id: ID! total: Int @requiresScopes(scopes: [["payments"]]) }
      `),
    },
  ]);
  if (composed.errors) throw composed.errors[0];
  const { authorization, schema } = authorizationOf(composed.supergraphSdl);
  const { authorize, answer } = filterFor(authorization, schema);

  it('answers the removed field on the objects of that type only', () => {
    const authorized = authorize(
      '{ items { id ... on Receipt { total } } }',
      signedIn({ without: ['payments'] }),
    );
    expect(print(authorized.document)).toBe(
      printed('{ items { id hutong__authorizationTypename: __typename } }'),
    );
    expect(
      answer(authorized, {
        items: [
          { id: 'n1', hutong__authorizationTypename: 'Note' },
          { id: 'r1', hutong__authorizationTypename: 'Receipt' },
        ],
      }),
    ).toEqual({
      data: { items: [{ id: 'n1' }, { id: 'r1', total: null }] },
      errors: [
        {
          message: 'Receipt.total requires the scope payments',
          path: ['items', 1, 'total'],
          code: 'FORBIDDEN',
        },
      ],
    });
  });

  it('asks, for a field selected on the interface, what every implementation asks', () => {
    expect(
      authorize('{ items { ... on Item { id } } }', signedIn({ without: ['payments'] })).removed,
    ).toEqual([]);
  });
});

describe('the supergraph the gateway loads', () => {
  const sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');

  it('keeps the authorization directives and drops only the purpose @apollo/gateway refuses', () => {
    expect(() => Supergraph.build(sdl)).toThrow(/is for: SECURITY but is unsupported/);
    const accepted = withEnforcedSecurityFeatures(sdl);
    expect(() => Supergraph.build(accepted)).not.toThrow();
    expect(accepted).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1")');
    expect(accepted).toContain('me: User @join__field(graph: PAYMENTS) @requiresScopes');
    expect(accepted.length).toBe(sdl.length - 2 * ', for: SECURITY'.length);
  });

  it('still refuses a security feature nothing enforces', () => {
    const withPolicy = sdl.replace(
      '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
      '$&\n  @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
    );
    expect(() => Supergraph.build(withEnforcedSecurityFeatures(withPolicy))).toThrow(
      /policy\/v0.1 is for: SECURITY but is unsupported/,
    );
  });
});
